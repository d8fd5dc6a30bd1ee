package org.acme.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.acme.platform.DatabaseLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Requests that race: the unique index, not a check in the application, decides who gets an email, and an update
 * whose row a delete removes meanwhile gets 404.
 */
@QuarkusTest
class UserEmailRaceTest {

    private static final int RACERS = 20;
    /** Far beyond the statement timeout: a request that has not answered by then hangs. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void concurrentCreatesOfOneEmailGiveExactlyOne201AndOnly409sOtherwise() throws Exception {
        List<Integer> statuses = race(RACERS, i -> () -> given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + (i % 2 == 0 ? "race@example.com" : "RACE@example.com") + "\"}")
                .post("/users").statusCode());

        assertThat(countByStatus(statuses)).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1L, 409, (long) RACERS - 1));
        assertThat(UsersTable.countByEmail("race@example.com")).isEqualTo(1);
    }

    @Test
    void concurrentUpdatesOntoOneEmailLetOneWinAndTheOthersGet409() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            ids.add(UserResourceTest.createUser("racer" + i + "@example.com"));
        }

        List<Integer> statuses = race(RACERS, i -> () -> given().contentType(ContentType.JSON)
                .body("{\"email\": \"winner@example.com\"}")
                .put("/users/" + ids.get(i)).statusCode());

        assertThat(countByStatus(statuses)).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, (long) RACERS - 1));
        assertThat(UsersTable.countByEmail("winner@example.com")).isEqualTo(1);
        assertThat(UsersTable.count()).isEqualTo(RACERS);
    }

    @Test
    void anUpdateRacingTheDeleteOfItsUserGetsA404NeverA500() throws Exception {
        for (int round = 0; round < RACERS; round++) {
            long id = UserResourceTest.createUser("doomed" + round + "@example.com");

            List<Integer> statuses = race(2, i -> i == 0
                    ? () -> given().contentType(ContentType.JSON).body("{\"email\": \"moved@example.com\"}")
                            .put("/users/" + id).statusCode()
                    : () -> given().delete("/users/" + id).statusCode());

            assertThat(statuses.get(0)).as("PUT in round %d", round).isIn(200, 404);
            assertThat(statuses.get(1)).as("DELETE in round %d", round).isEqualTo(204);
        }
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void anUpdateWaitingOnARowThatADeleteRemovesGets404() throws Exception {
        long id = UserResourceTest.createUser("doomed@example.com");
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (DatabaseLock lock = DatabaseLock.hold("SELECT id FROM users WHERE id = " + id + " FOR UPDATE")) {
            // The PUT reads the row (a read waits for no lock), then its UPDATE waits for this session.
            Future<Response> update = client.submit(
                    () -> UserResourceTest.put(id, "{\"email\": \"moved@example.com\"}"));
            lock.awaitWaiting(1, ANSWER_WITHIN);
            lock.execute("DELETE FROM users WHERE id = " + id);
            lock.commit();

            UserResourceTest.problem(update.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS), 404)
                    .body("detail", equalTo("No user with id " + id));
        } finally {
            client.shutdownNow();
        }
        assertThat(UsersTable.count()).isZero();
    }

    /** Runs {@code count} calls at once: every caller waits at a gate until all are ready. */
    private static List<Integer> race(int count, Function<Integer, Callable<Integer>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<Integer> request = call.apply(i);
                answers.add(pool.submit(() -> {
                    gate.await();
                    return request.call();
                }));
            }
            gate.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Long> countByStatus(List<Integer> statuses) {
        return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
