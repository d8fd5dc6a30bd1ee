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
import java.util.concurrent.CompletableFuture;

import org.acme.database.FailingWrites;
import org.acme.testdb.TestDatabase;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Every failure that PostgreSQL reports as passing is a 503 with Retry-After, never a 500.
 * <p>
 * Two are produced for real: a database switched to read-only (25006, as a failover to a standby does), and the
 * service's session terminated by an administrator in the middle of a write ({@code pg_terminate_backend}: 57P01,
 * and the connection is gone).
 * <p>
 * The others are raised by a trigger on the users table ({@link FailingWrites}): PostgreSQL itself fails the write
 * with the SQLState, which travels through the driver, Hibernate and the transaction manager as a real one does, but
 * always as an error on a connection that stays open. That is what a real 53100, 53200, 40001 or 40P01 is. A real
 * 53300 (too many connections) or 57P03 (the server starting up) refuses a new connection instead, as the fault
 * suite's too-many-connections and outage scenarios meet them (docs/faults.md); a real 57P02 (another backend
 * crashed) ends the connection, and nothing here produces one. A real 08006 is the driver's, on a broken socket:
 * LostConnectionTest.
 */
@QuarkusTest
class TransientDatabaseFailuresTest {

    @BeforeEach
    void startFromAnEmptyTable() throws SQLException {
        UsersTable.clear();
        FailingWrites.install();
    }

    @AfterEach
    void removeTheTrigger() throws Exception {
        FailingWrites.remove();
        ServiceSessions.readOnly(false);
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesWith503AndKeepsAnsweringReads() throws Exception {
        long ann = create("ann@example.com");

        ServiceSessions.readOnly(true);

        String detail = "The database accepts no changes at the moment; try again shortly";
        assertRetryable(given().contentType(ContentType.JSON).body("{\"email\": \"bob@example.com\"}")
                .post("/users"), detail);
        assertRetryable(given().contentType(ContentType.JSON).body("{\"email\": \"new@example.com\"}")
                .put("/users/" + ann), detail);
        assertRetryable(given().delete("/users/" + ann), detail);
        given().get("/users/" + ann).then().statusCode(200);
        given().get("/users").then().statusCode(200);
        assertThat(UsersTable.count()).isEqualTo(1);

        ServiceSessions.readOnly(false);

        create("bob@example.com");
    }

    @ParameterizedTest(name = "SQLState {0}")
    @CsvSource(delimiter = '|', value = {
            "25006 | The database accepts no changes at the moment; try again shortly",
            "53100 | The database is out of resources; try again shortly",
            "53200 | The database is out of resources; try again shortly",
            "53300 | The database is busy; try again shortly",
            "57P02 | The database became unavailable before the change was saved; try again shortly",
            "57P03 | The database became unavailable before the change was saved; try again shortly",
            "40001 | The change collided with concurrent changes and was not saved; try again shortly",
            "40P01 | The change collided with concurrent changes and was not saved; try again shortly" })
    void aTransientSqlStateOnAWriteIs503WithRetryAfter(String sqlState, String detail) throws SQLException {
        long ann = create("ann@example.com");

        assertRetryable(given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + FailingWrites.email(sqlState, FailingWrites.ALWAYS, "new") + "\"}")
                .post("/users"), detail);
        assertRetryable(given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + FailingWrites.email(sqlState, FailingWrites.ALWAYS, "changed") + "\"}")
                .put("/users/" + ann), detail);

        assertThat(UsersTable.count()).isEqualTo(1);
        assertThat(given().get("/users/" + ann).jsonPath().getString("email")).isEqualTo("ann@example.com");
    }

    /**
     * A real 57P01: the service's session is terminated while its UPDATE waits on a row lock, as an administrator, an
     * idle_session_timeout or a failover does; PostgreSQL ends it with 57P01 (admin_shutdown) and closes the
     * connection. Nothing is saved, and the requests after it are served on other connections.
     */
    @Test
    void aSessionTerminatedInTheMiddleOfAWriteIs503AndItsConnectionIsNotUsedAgain() throws Exception {
        long ann = create("ann@example.com");

        Response put;
        int terminated;
        try (DatabaseLock lock = DatabaseLock.hold("SELECT id FROM users WHERE id = " + ann + " FOR UPDATE")) {
            CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> given()
                    .contentType(ContentType.JSON).body("{\"email\": \"new@example.com\"}").put("/users/" + ann));
            lock.awaitWaiting(1, Duration.ofSeconds(10));
            terminated = terminateTheSessionsWaitingOnALock();
            put = inFlight.join();
        }

        assertThat(terminated).as("sessions terminated while waiting on the lock").isEqualTo(1);
        assertRetryable(put, "The database became unavailable before the change was saved; try again shortly");
        assertThat(given().get("/users/" + ann).jsonPath().getString("email")).isEqualTo("ann@example.com");
        List<Integer> next = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            next.add(given().get("/users/" + ann).statusCode());
        }
        next.add(given().contentType(ContentType.JSON).body("{\"email\": \"new@example.com\"}").put("/users/" + ann)
                .statusCode());
        assertThat(next).containsOnly(200);
    }

    /** As {@code SELECT pg_terminate_backend(pid)} on each session of the test database waiting for a lock. */
    private static int terminateTheSessionsWaitingOnALock() throws SQLException {
        try (Connection admin = TestDatabase.connect(); Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) "
                        + "FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            result.next();
            return result.getInt(1);
        }
    }

    static void assertRetryable(Response response, String detail) {
        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertThat(response.jsonPath().getString("detail")).isEqualTo(detail);
        for (String leak : SlowDatabaseTest.LEAKS) {
            assertThat(response.asString()).doesNotContain(leak);
        }
    }

    private static long create(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\"}").post("/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
