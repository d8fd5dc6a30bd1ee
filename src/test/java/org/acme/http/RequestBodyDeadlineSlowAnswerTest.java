package org.acme.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.acme.platform.DatabaseLock;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The body deadline is about the client: a body that arrived in full is served however long the service then takes
 * to answer (here a table lock longer than the deadline), and never gets a 408 for the service's own slowness.
 */
@QuarkusTest
@TestProfile(RequestBodyDeadlineSlowAnswerTest.ShortBodyDeadline.class)
class RequestBodyDeadlineSlowAnswerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(1);

    public static class ShortBodyDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("http.request-body-deadline", DEADLINE.toSeconds() + "S");
        }
    }

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void aBodyThatArrivedIsServedWhenTheAnswerTakesLongerThanTheDeadline() throws Exception {
        CompletableFuture<Response> create;
        try (DatabaseLock lock = DatabaseLock.hold("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")) {
            create = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body("{\"email\": \"patient@example.com\"}").post("/users"));
            lock.awaitWaiting(1, Duration.ofSeconds(10));
            Thread.sleep(DEADLINE.multipliedBy(2).toMillis());
            lock.commit();
        }

        Response answer = create.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(201);
        assertThat(UsersTable.count()).isEqualTo(1);
    }
}
