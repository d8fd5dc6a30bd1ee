package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.acme.platform.TransientDatabaseFailuresTest.assertRetryable;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A connection that breaks under a request: the driver gives up on a connection whose statement gets no answer
 * within its socket timeout (here, one that waits on a row lock), as when the network to the database fails. The
 * answer says where it broke: in the middle of a request, or before the change was committed.
 */
@QuarkusTest
@TestProfile(LostConnectionTest.ShortSocketTimeout.class)
public class LostConnectionTest {

    /**
     * Also shared, to save an application start each, by settings that these tests do not notice: a non-default key
     * lifetime (IdempotencyKeysLifetimeTest) and a background validation that need not be waited for 30 s.
     */
    public static class ShortSocketTimeout implements QuarkusTestProfile {

        public static final Duration IDEMPOTENCY_KEY_TTL = Duration.ofMinutes(90);
        public static final Duration BACKGROUND_VALIDATION_INTERVAL = Duration.ofSeconds(1);

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "2",
                    // the driver setting above wins; this only lifts the check that the socket timeout outlasts
                    // the statement timeout, which this test breaks on purpose
                    "POSTGRES_SOCKET_TIMEOUT", "0",
                    // far longer, so that the socket timeout is what ends the wait
                    "POSTGRES_STATEMENT_TIMEOUT", "60s",
                    "IDEMPOTENCY_KEY_TTL", IDEMPOTENCY_KEY_TTL.toMinutes() + "m",
                    "quarkus.datasource.jdbc.background-validation-interval",
                    BACKGROUND_VALIDATION_INTERVAL.toSeconds() + "S",
                    // the pool's counts, which a test reads (AgroalDataSource#getMetrics)
                    "quarkus.datasource.jdbc.metrics.enabled", "true");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void aConnectionLostInTheMiddleOfAnUpdateIsAnUnavailableDatabase() throws Exception {
        long ann = create("ann@example.com");

        try (DatabaseLock lock = DatabaseLock.hold("SELECT id FROM users WHERE id = " + ann + " FOR UPDATE")) {
            // the UPDATE of a PUT runs in the resource method
            assertRetryable(given().contentType(ContentType.JSON).body("{\"email\": \"new@example.com\"}")
                    .put("/users/" + ann), "The database is unavailable; try again shortly");
        }

        assertThat(given().get("/users/" + ann).jsonPath().getString("email")).isEqualTo("ann@example.com");
    }

    @Test
    void aConnectionLostBeforeTheCommitSaysThatTheChangeWasNotSaved() throws Exception {
        long ann = create("ann@example.com");

        try (DatabaseLock lock = DatabaseLock.hold("SELECT id FROM users WHERE id = " + ann + " FOR UPDATE")) {
            // the DELETE of a DELETE runs when the transaction commits, before its COMMIT
            assertRetryable(given().delete("/users/" + ann),
                    "The database became unavailable before the change was saved; try again shortly");
        }

        given().get("/users/" + ann).then().statusCode(200);
    }

    /**
     * A connection that dies while idle in the pool is found dead and closed by the pool's background validation,
     * with no request asking for a connection: none is opened meanwhile, so no request can have borrowed one. (With
     * no minimum pool size, as configured, the next request opens its replacement.)
     */
    @Test
    void anIdleConnectionWhoseBackendWasTerminatedIsClosedWithoutARequest() throws Exception {
        given().get("/users").then().statusCode(200);
        AgroalDataSourceMetrics pool = dataSource.getMetrics();
        long idle = pool.availableCount();
        long invalid = pool.invalidCount();
        long created = pool.creationCount();
        assertThat(idle).as("idle pooled connections: " + pool).isPositive();

        assertThat(ServiceSessions.terminate()).isEqualTo(idle);

        Duration patience = ShortSocketTimeout.BACKGROUND_VALIDATION_INTERVAL.plusSeconds(10);
        long deadline = System.nanoTime() + patience.toNanos();
        while (pool.availableCount() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        assertThat(pool.availableCount()).as("idle connections left after " + patience).isZero();
        assertThat(pool.invalidCount() - invalid).as("connections found dead").isEqualTo(idle);
        assertThat(pool.creationCount()).as("connections opened").isEqualTo(created);
    }

    private static long create(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\"}").post("/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
