package org.acme.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @BeforeEach
    void startFromEmptyTables() {
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
