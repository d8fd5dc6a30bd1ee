package org.acme.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The hourly purge: scheduled, and called here directly; it needs the beans, so it has no IT. */
@QuarkusTest
class IdempotencyKeysPurgeTest {

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    Scheduler scheduler;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void startFromEmptyTables() {
        IdempotencyKeysTable.removeSlowDeletes();
        IdempotencyKeysTable.clear();
        UsersTable.clear();
    }

    @Test
    void thePurgeDeletesExpiredKeysAndKeepsTheOthers() {
        IdempotencyKeysTable.insertExpired("old-1");
        IdempotencyKeysTable.insertExpired("old-2");
        given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, "live")
                .body("{\"email\": \"ann@example.com\"}").post("/users").then().statusCode(201);

        assertThat(idempotencyKeys.deleteExpired()).isEqualTo(2);
        assertThat(IdempotencyKeysTable.count()).isEqualTo(1);
        given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, "live")
                .body("{\"email\": \"ann@example.com\"}").post("/users").then().statusCode(201)
                .header(IdempotencyKeys.REPLAYED_HEADER, "true");
    }

    /**
     * A backlog of expired keys that one DELETE cannot remove within the statement timeout (5 s, the service's own
     * datasource): each deleted row costs 1 ms (a trigger), and there are 6,000. One statement is cancelled and
     * deletes nothing; the purge, 1,000 keys a statement (1 s each), deletes them all.
     */
    @Test
    void aBacklogThatOneStatementCannotDeleteWithinTheStatementTimeoutIsPurgedInBatches() throws Exception {
        int keys = 6 * IdempotencyKeys.PURGE_BATCH;
        IdempotencyKeysTable.insertExpired("backlog-", keys);
        given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, "live")
                .body("{\"email\": \"bob@example.com\"}").post("/users").then().statusCode(201);
        IdempotencyKeysTable.slowDeletes(1);
        scheduler.pause(); // the hourly purge, should its hour come now, would share the work
        try {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate(
                        "DELETE FROM idempotency_keys WHERE expires_at <= now()"))
                        .as("one statement for the whole backlog")
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014"));
            }
            assertThat(IdempotencyKeysTable.count()).isEqualTo(keys + 1);

            assertThat(idempotencyKeys.deleteExpired()).isEqualTo(keys);

            assertThat(IdempotencyKeysTable.count()).as("the live key is kept").isEqualTo(1);
        } finally {
            scheduler.resume();
            IdempotencyKeysTable.removeSlowDeletes();
        }
    }

    /**
     * The scheduler's next run of the purge is one hour after its previous run, or, before the first (a minute
     * after startup), one hour after that first.
     */
    @Test
    void thePurgeIsScheduledEveryHour() {
        Duration every = Duration.ofHours(1);
        Duration firstDelay = Duration.ofMinutes(1);
        Duration margin = Duration.ofSeconds(5);
        Instant now = Instant.now();

        assertThat(scheduler.isRunning()).as("the scheduler runs (it starts only when it has jobs)").isTrue();
        Trigger purge = scheduler.getScheduledJobs().stream()
                .filter(job -> job.getMethodDescription().equals(IdempotencyKeys.class.getName() + "#purgeExpired"))
                .findFirst().orElseThrow(() -> new AssertionError("the purge is not scheduled: "
                        + scheduler.getScheduledJobs().stream().map(Trigger::getMethodDescription).toList()));

        if (purge.getPreviousFireTime() != null) {
            assertThat(purge.getNextFireTime()).isEqualTo(purge.getPreviousFireTime().plus(every));
        } else {
            assertThat(purge.getNextFireTime()).isBetween(now.plus(every).minus(margin),
                    now.plus(firstDelay).plus(every).plus(margin));
        }
    }
}
