package org.acme.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.acme.platform.DatabaseLock;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** POST /users with an Idempotency-Key: a repeat gets the first answer, and never a second user. */
@QuarkusTest
class IdempotencyKeysTest {

    private static final String KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324";
    private static final String ANN = "{\"email\": \"ann@example.com\"}";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @BeforeEach
    void startFromEmptyTables() {
        IdempotencyKeysTable.clear();
        UsersTable.clear();
    }

    @Test
    void aRepeatWithTheSameKeyAndBodyGetsTheFirstAnswerAgainAndCreatesNothing() {
        Response first = post(KEY, ANN);
        Response repeat = post(KEY, " {\"email\":\"ann@example.com \"}");

        first.then().statusCode(201).contentType(ContentType.JSON).body("email", equalTo("ann@example.com"));
        assertThat(first.header(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        repeat.then().statusCode(201).contentType(ContentType.JSON).header(IdempotencyKeys.REPLAYED_HEADER, "true");
        assertThat(repeat.asString()).isEqualTo(first.asString());
        assertThat(repeat.header("Location")).isEqualTo(first.header("Location"))
                .isEqualTo("/users/" + first.jsonPath().getLong("id"));
        assertThat(UsersTable.count()).isEqualTo(1);
        assertThat(IdempotencyKeysTable.count()).isEqualTo(1);
    }

    @Test
    void aRepeatGetsTheAnswerAsItWasEvenAfterTheUserChanged() {
        Response first = post(KEY, ANN);
        long id = first.jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body("{\"email\": \"anne@example.com\"}").put("/users/" + id)
                .then().statusCode(200);

        Response repeat = post(KEY, ANN);

        repeat.then().statusCode(201).body("id", equalTo((int) id)).body("email", equalTo("ann@example.com"));
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"email\": \"bob@example.com\"}", "{\"email\": \"ANN@example.com\"}" })
    void theSameKeyWithAnotherBodyAnswers422(String otherBody) {
        post(KEY, ANN).then().statusCode(201);

        post(KEY, otherBody).then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("title", equalTo("Unprocessable Content"))
                .body("detail", equalTo("This Idempotency-Key was already used for a different request; a new "
                        + "request needs a new key"));
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    @Test
    void withoutTheHeaderNothingIsStoredAndARepeatIsACreateAsBefore() {
        post(null, ANN).then().statusCode(201);
        post(null, ANN).then().statusCode(409).body("detail", equalTo("The email ann@example.com is already taken"));

        assertThat(IdempotencyKeysTable.count()).isZero();
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    /** A 4xx rolls back with the create, key included: a retry is processed again, and may now succeed. */
    @Test
    void aRefusedCreateStoresNoKey() {
        long taken = post(null, ANN).then().statusCode(201).extract().jsonPath().getLong("id");

        post(KEY, ANN).then().statusCode(409);
        assertThat(IdempotencyKeysTable.count()).isZero();
        given().delete("/users/" + taken).then().statusCode(204);
        post(KEY, ANN).then().statusCode(201);
        post(KEY, ANN).then().statusCode(201).header(IdempotencyKeys.REPLAYED_HEADER, "true");
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    @Test
    void aKeyIsKept24HoursByDefault() {
        post(KEY, ANN).then().statusCode(201);

        assertThat(IdempotencyKeysTable.lifetimeSeconds(KEY)).isEqualTo(Duration.ofHours(24).toSeconds());
    }

    @Test
    void anExpiredKeyLetsANewCreateThrough() {
        long first = post(KEY, ANN).then().statusCode(201).extract().jsonPath().getLong("id");
        IdempotencyKeysTable.expire(KEY);

        Response again = post(KEY, "{\"email\": \"bob@example.com\"}");

        again.then().statusCode(201).body("email", equalTo("bob@example.com"));
        assertThat(again.header(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        assertThat(again.jsonPath().getLong("id")).isNotEqualTo(first);
        post(KEY, "{\"email\": \"bob@example.com\"}").then().statusCode(201)
                .header(IdempotencyKeys.REPLAYED_HEADER, "true").body("id", equalTo((int) again.jsonPath().getLong("id")));
        assertThat(UsersTable.count()).isEqualTo(2);
        assertThat(IdempotencyKeysTable.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "é", "tab\there" })
    void aKeyThatIsNotPrintableAsciiAnswers400NamingTheHeader(String key) {
        assertBadKey(post(key, ANN));
    }

    @Test
    void aKeyOver255CharactersAnswers400AndOf255IsTaken() {
        assertBadKey(post("k".repeat(256), ANN));
        post("k".repeat(255), ANN).then().statusCode(201);
        assertThat(IdempotencyKeysTable.count()).isEqualTo(1);
    }

    /**
     * The first request holds the key (its row, not yet committed) while its insert into users waits on a lock;
     * the duplicate then waits on the key's primary key, and once the first commits it gets the first's answer.
     */
    @Test
    void aDuplicateSentWhileTheFirstIsInFlightGetsTheFirstsAnswerAndCreatesNothing() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (DatabaseLock lock = DatabaseLock.hold("LOCK TABLE users IN EXCLUSIVE MODE")) {
            Future<Response> first = clients.submit(() -> post(KEY, ANN));
            lock.awaitWaiting(1, ANSWER_WITHIN);
            Future<Response> duplicate = clients.submit(() -> post(KEY, ANN));
            lock.awaitWaiting(2, ANSWER_WITHIN);
            lock.commit();

            Response firstAnswer = first.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
            Response duplicateAnswer = duplicate.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
            firstAnswer.then().statusCode(201);
            duplicateAnswer.then().statusCode(201).header(IdempotencyKeys.REPLAYED_HEADER, "true");
            assertThat(duplicateAnswer.asString()).isEqualTo(firstAnswer.asString());
        } finally {
            clients.shutdownNow();
        }
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    /**
     * A repeat's insert finds the key taken, and the purge deletes the key (expired in the meantime) before the
     * repeat reads it: the repeat has no answer to give and is told to send again. The trigger holds the repeat
     * between the two statements while the key is deleted.
     */
    @Test
    void aKeyPurgedBetweenTheClaimAndItsReadAnswers409ThatItHasJustExpired() throws Exception {
        post(KEY, ANN).then().statusCode(201);
        long pause = 4242;
        IdempotencyKeysTable.pauseInsertsOn(pause);
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try (DatabaseLock lock = DatabaseLock.hold("SELECT pg_advisory_xact_lock(" + pause + ")")) {
            Future<Response> repeat = clients.submit(() -> post(KEY, ANN));
            lock.awaitWaiting(1, ANSWER_WITHIN);
            IdempotencyKeysTable.delete(KEY);
            lock.commit();

            repeat.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("The request with this Idempotency-Key has just expired; send it again"));
        } finally {
            clients.shutdownNow();
            IdempotencyKeysTable.removePause();
        }
        assertThat(IdempotencyKeysTable.count()).isZero();
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneUserAndAllGetItsAnswer() throws Exception {
        int racers = 10;
        ExecutorService clients = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(clients.submit(() -> {
                    gate.await();
                    return post(KEY, ANN);
                }));
            }
            gate.countDown();
            List<String> bodies = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
                response.then().statusCode(201);
                bodies.add(response.asString());
            }
            assertThat(bodies).hasSize(racers).containsOnly(bodies.get(0));
        } finally {
            clients.shutdownNow();
        }
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    private static void assertBadKey(Response response) {
        response.then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains(IdempotencyKeys.HEADER))
                .body("violations.in", contains("header"))
                .body("violations.message", contains(IdempotencyKeys.FORMAT_MESSAGE));
        assertThat(UsersTable.count()).isZero();
        assertThat(IdempotencyKeysTable.count()).isZero();
    }

    static Response post(String key, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header(IdempotencyKeys.HEADER, key);
        }
        return request.post("/users");
    }
}
