package org.acme.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.acme.platform.DatabaseLock;
import org.acme.platform.ShortTimeouts;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The body deadline is about the client: a body that arrived in full is served however long the service then takes
 * to answer (here a table lock held past the deadline), and never gets a 408 for the service's own slowness.
 */
@QuarkusTest
@TestProfile(ShortTimeouts.class)
class RequestBodyDeadlineSlowAnswerTest {

    /** For the deadline's timer to fire on a loaded machine once its time has come. */
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
            lock.awaitWaiting(1, PATIENCE);
            // the request's statement waits on the lock, so its headers came before now: its deadline passes while
            // it waits (the statement timeout is far longer)
            Thread.sleep(ShortTimeouts.BODY_DEADLINE.plus(MARGIN).toMillis());
            assertThat(create).as("answered while the lock was held").isNotDone();
            lock.commit();
        }

        Response answer = create.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(201);
        assertThat(UsersTable.count()).isEqualTo(1);
    }
}
