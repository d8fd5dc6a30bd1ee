package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A database that is slow to answer, or a pool with no free connection, costs a request a bounded wait and then a
 * 503 with a retry hint: never a hang, never a 500. The slowness is real: another session holds a lock that the
 * service's statements wait on, and the pool is small enough to run out.
 */
@QuarkusTest
@TestProfile(ShortTimeouts.class)
class SlowDatabaseTest {

    static final int POOL_SIZE = ShortTimeouts.POOL_SIZE;
    static final String STATEMENT_TIMEOUT = ShortTimeouts.STATEMENT_TIMEOUT;
    /** Far beyond every timeout of the profile: a request that has not answered by then hangs. */
    static final Duration HANG = Duration.ofSeconds(30);
    static final String BUSY = "The database is busy; try again shortly";
    /** What a problem document must never carry: class names, SQL, SQLState, stack frames. */
    static final List<String> LEAKS = List.of("Exception", "java.", "org.hibernate", "org.postgresql", "io.agroal",
            "com.arjuna", "\tat ", "SELECT ", "INSERT ", "select ", "insert ", "delete ", "update ", "57014", "55P03",
            "timeout!", "statement_timeout", "users_email");

    @Inject
    AgroalDataSource dataSource;

    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    /**
     * Opens every connection of the pool before the test: one opened while a test runs could take longer than the
     * 1 s that the pool waits on a loaded machine, and its request would answer 503 before it reached the lock.
     */
    @BeforeEach
    void fillThePool() throws SQLException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                connections.add(dataSource.getConnection());
            }
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void theServiceConnectionsCarryTheConfiguredStatementTimeout() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW statement_timeout")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo(STATEMENT_TIMEOUT);
        }
    }

    @Test
    void whileATableLockIsHeldEveryRequestAnswers503AndTheServiceRecoversOnceItIsReleased() throws Exception {
        long ann = create("ann@example.com");
        List<Future<Response>> holders = new ArrayList<>();
        List<Future<Response>> others = new ArrayList<>();

        try (DatabaseLock lock = DatabaseLock.hold("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")) {
            // These two take every connection of the pool and wait on the lock until the statement timeout.
            holders.add(send(() -> post("{\"email\": \"bob@example.com\"}")));
            holders.add(send(() -> given().get("/users")));
            lock.awaitWaiting(POOL_SIZE, HANG);

            // These find no free connection: they give up after the acquisition timeout.
            others.add(send(() -> given().get("/users/" + ann)));
            others.add(send(() -> post("{\"email\": \"cid@example.com\"}")));
            others.add(send(() -> given().get("/users?page=0&size=5")));
            others.add(send(() -> given().get("/users/" + ann)));
            for (Future<Response> answer : others) {
                assertBusy(answer(answer));
            }
            assertThat(lock.waiting()).as("the holders still wait on the lock, so the others never had a connection")
                    .isEqualTo(POOL_SIZE);

            for (Future<Response> answer : holders) {
                assertBusy(answer(answer));
            }
        }

        assertThat(UsersTable.count()).as("rows after the refused creates").isEqualTo(1);
        given().get("/users/" + ann).then().statusCode(200);
        post("{\"email\": \"bob@example.com\"}").then().statusCode(201);
        given().get("/users").then().statusCode(200).header("X-Total-Count", "2");
    }

    @Test
    void writesBlockedByARowLockAnswer503AndChangeNothingEvenWhenTheyFailAtCommit() throws Exception {
        long ann = create("ann@example.com");

        try (DatabaseLock lock = DatabaseLock.hold("SELECT id FROM users WHERE id = " + ann + " FOR UPDATE")) {
            // The UPDATE of a PUT runs in the method; the DELETE of a DELETE only when the transaction commits.
            Future<Response> update = send(() -> given().contentType(ContentType.JSON)
                    .body("{\"email\": \"new@example.com\"}").put("/users/" + ann));
            Future<Response> delete = send(() -> given().delete("/users/" + ann));

            assertBusy(answer(update));
            assertBusy(answer(delete));
        }

        assertThat(given().get("/users/" + ann).jsonPath().getString("email")).isEqualTo("ann@example.com");
        given().delete("/users/" + ann).then().statusCode(204);
    }

    private static void assertBusy(Response response) {
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5");
        assertThat(response.jsonPath().getString("detail")).isEqualTo(BUSY);
        assertThat(response.jsonPath().getMap("$")).containsOnlyKeys("status", "title", "detail", "instance");
        for (String leak : LEAKS) {
            assertThat(response.asString()).doesNotContain(leak);
        }
    }

    private Future<Response> send(Callable<Response> request) {
        return clients.submit(request);
    }

    private static Response answer(Future<Response> answer) throws Exception {
        try {
            return answer.get(HANG.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the request hangs: no answer within " + HANG, e);
        }
    }

    private static long create(String email) {
        return post("{\"email\": \"" + email + "\"}").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/users");
    }
}
