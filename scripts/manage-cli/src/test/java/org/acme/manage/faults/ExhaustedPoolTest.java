package org.acme.manage.faults;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * A database so slow that every connection of the pool is taken: the requests behind them wait a bounded time
 * and get a 503, none hangs, none is half-written; when the database is quick again, so is the service. The
 * slowness is a lock on the users table held by another session, which every statement of the service waits on.
 */
@FaultScenario
class ExhaustedPoolTest {

    /** Requests per wave, as a multiple of the pool size. */
    static final int OVERLOAD = 3;
    /** A short stall: the waiting requests must queue and then succeed. */
    static final Duration SHORT_STALL = Duration.ofSeconds(2);
    /**
     * The longest a request may wait: the pool's acquisition timeout (5 s) plus the statement timeout (5 s) plus
     * room for a busy machine. A request still unanswered after {@link Http#REQUEST_TIMEOUT} counts as a hang.
     */
    static final Duration BOUNDED_WAIT = Duration.ofSeconds(13);
    /** How long into a stall the service's connections are watched in pg_stat_activity. */
    static final Duration OBSERVED = Duration.ofSeconds(1);

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        // the wave is sized from the shipped setting; that the pool is exhausted by it is observed, not assumed
        int shipped = Integer.parseInt(run.context().environment("production").get(FaultRun.POOL_MAX_SIZE, "16"));
        int wave = OVERLOAD * shipped;
        ServiceLaunch launch = run.launch(database);
        int poolSize = run.poolMaxSize(launch);
        verdict.figure("pool", shipped + " connections in config/production.json (POSTGRES_POOL_MAX_SIZE), "
                + poolSize + " configured for this launch; " + wave + " concurrent requests per wave");
        try (ServiceProcess service = run.start(launch, run.name())) {
            long[] ids = run.seedUsers(database, "seed", 50);
            Http http = new Http(service.baseUrl());

            // a first wave on a quick database: the service's code paths run once before they are timed
            List<Http.Answer> warmUp = wave(http, wave, ids, "warm-up-").stream().map(CompletableFuture::join)
                    .toList();
            verdict.figure("a wave before any stall", Http.tally(warmUp) + ", slowest " + Http.slowest(warmUp)
                    + " ms");

            List<Http.Answer> queued;
            FaultRun.Sessions shortStall;
            try (FaultRun.TableLock lock = run.lockUsers(database)) {
                List<CompletableFuture<Http.Answer>> inFlight = wave(http, wave, ids, "queued-");
                shortStall = busiest(run, database, lock, SHORT_STALL);
                lock.close();
                queued = inFlight.stream().map(CompletableFuture::join).toList();
            }
            verdict.figure("a " + SHORT_STALL.toSeconds() + " s stall", describe(shortStall, wave) + "; "
                    + Http.tally(queued) + ", slowest " + Http.slowest(queued) + " ms");
            verdict.check(shortStall.exhaustedBy(poolSize, wave) && queued.stream().allMatch(Http.Answer::succeeded),
                    "requests queue through a short stall (all " + poolSize + " connections taken, more requests "
                    + "waiting) and succeed");

            List<Http.Answer> stuck;
            Http.Answer readiness;
            FaultRun.Sessions longStall;
            try (FaultRun.TableLock lock = run.lockUsers(database)) {
                List<CompletableFuture<Http.Answer>> inFlight = wave(http, wave, ids, "stuck-");
                longStall = busiest(run, database, lock, OBSERVED);
                readiness = new Http(service.managementUrl()).get(ServiceProcess.READINESS);
                stuck = inFlight.stream().map(CompletableFuture::join).toList();
            }
            long stored = run.storedEmails(database, "stuck-").size();
            verdict.figure("a stall longer than every timeout", describe(longStall, wave) + "; " + Http.tally(stuck)
                    + ", fastest " + stuck.stream().mapToLong(Http.Answer::millis).min().orElse(0) + " ms, slowest "
                    + Http.slowest(stuck) + " ms; readiness " + Http.statusName(readiness) + " after "
                    + readiness.millis() + " ms; " + stored + " of its POSTs stored");
            verdict.check(longStall.exhaustedBy(poolSize, wave), "every connection of the pool (its configured "
                    + poolSize + ") is in use, waiting on the stalled database, while more requests wait for one");
            verdict.check(stuck.stream().allMatch(Http.Answer::isRetryableProblem),
                    "every request gets a 503 problem with Retry-After");
            verdict.check(readiness.answered() && Http.slowest(stuck) <= BOUNDED_WAIT.toMillis()
                    && readiness.millis() <= BOUNDED_WAIT.toMillis(), "no request waits longer than "
                    + BOUNDED_WAIT.toSeconds() + " s, the readiness probe included");
            verdict.check(stored == 0, "no POST that got a 503 is stored");

            List<Http.Answer> recovered = wave(http, wave, ids, "recovered-").stream()
                    .map(CompletableFuture::join).toList();
            verdict.figure("after the stall", Http.tally(recovered) + ", slowest " + Http.slowest(recovered)
                    + " ms; readiness " + service.readiness());
            verdict.check(recovered.stream().allMatch(Http.Answer::succeeded),
                    "once the database is quick again every request succeeds: the pool recovered");
            FaultRun.checkAlive(service, verdict);
        }
    }

    /**
     * Polls the service's sessions for {@code duration} while the lock is held; returns the moment with the most
     * connections waiting on it (they open one by one as the requests come in).
     */
    private static FaultRun.Sessions busiest(FaultRun run, String database, FaultRun.TableLock lock,
            Duration duration) throws SQLException {
        long end = System.nanoTime() + duration.toNanos();
        FaultRun.Sessions busiest = new FaultRun.Sessions(0, 0);
        while (System.nanoTime() < end) {
            FaultRun.pause(Duration.ofMillis(100));
            FaultRun.Sessions now = run.serviceSessions(database, lock);
            if (now.waitingOnLock() >= busiest.waitingOnLock()) {
                busiest = now;
            }
        }
        return busiest;
    }

    private static String describe(FaultRun.Sessions sessions, int wave) {
        return sessions.waitingOnLock() + " of the service's " + sessions.open() + " connections waiting on the "
                + "lock (pg_stat_activity), " + wave + " requests in flight";
    }

    /** {@code size} requests at once: GET by id, POST and list in turn. */
    private static List<CompletableFuture<Http.Answer>> wave(Http http, int size, long[] ids, String emailPrefix) {
        return java.util.stream.IntStream.range(0, size).mapToObj(i -> switch (i % 3) {
            case 0 -> http.send("GET", "/users/" + (ids[0] + i % (ids[1] - ids[0] + 1)), null);
            case 1 -> http.send("POST", "/users", Http.userJson(emailPrefix + i + "@example.com"));
            default -> http.send("GET", "/users?page=0&size=20", null);
        }).toList();
    }
}
