package org.acme.manage.faults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.acme.manage.harness.ServiceProcess;

/**
 * A database so slow that every connection of the pool is taken: the requests behind them wait a bounded time
 * and get a 503, none hangs, none is half-written; when the database is quick again, so is the service. The
 * slowness is a lock on the users table held by another session, which every statement of the service waits on.
 */
final class ExhaustedPool implements FaultScenario {

    /** Requests per wave, as a multiple of the pool size. */
    static final int OVERLOAD = 3;
    /** A short stall: the waiting requests must queue and then succeed. */
    static final Duration SHORT_STALL = Duration.ofSeconds(2);
    /**
     * The longest a request may wait: the pool's acquisition timeout (5 s) plus the statement timeout (5 s) plus
     * room for a busy machine. A request still unanswered after {@link Http#REQUEST_TIMEOUT} counts as a hang.
     */
    static final Duration BOUNDED_WAIT = Duration.ofSeconds(13);

    @Override
    public String name() {
        return "exhausted-pool";
    }

    @Override
    public String summary() {
        return OVERLOAD + "× more concurrent requests than pool connections on a stalled database: queued, then "
                + "503 within " + BOUNDED_WAIT.toSeconds() + " s, never a hang; the pool recovers";
    }

    @Override
    public void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(name());
        int poolSize = Integer.parseInt(run.context().environment("production").get("POSTGRES_POOL_MAX_SIZE", "16"));
        int wave = OVERLOAD * poolSize;
        verdict.figure("pool", poolSize + " connections (POSTGRES_POOL_MAX_SIZE of config/production.json); "
                + wave + " concurrent requests per wave");
        try (ServiceProcess service = run.start(run.launch(database), name())) {
            long[] ids = run.seedUsers(database, "seed", 50);
            Http http = new Http(service.baseUrl());

            List<Http.Answer> queued;
            try (FaultRun.TableLock lock = run.lockUsers(database)) {
                List<CompletableFuture<Http.Answer>> inFlight = wave(http, wave, ids, "queued-");
                FaultRun.pause(SHORT_STALL);
                lock.close();
                queued = inFlight.stream().map(CompletableFuture::join).toList();
            }
            verdict.figure("a " + SHORT_STALL.toSeconds() + " s stall", Http.tally(queued) + ", slowest "
                    + Http.slowest(queued) + " ms");
            verdict.check(queued.stream().allMatch(answer -> answer.status() >= 200 && answer.status() < 300),
                    "requests queue through a short stall and succeed");

            List<Http.Answer> stuck;
            int readiness;
            try (FaultRun.TableLock lock = run.lockUsers(database)) {
                List<CompletableFuture<Http.Answer>> inFlight = wave(http, wave, ids, "stuck-");
                FaultRun.pause(Duration.ofSeconds(1));
                readiness = service.status("/q/health/ready");
                stuck = inFlight.stream().map(CompletableFuture::join).toList();
            }
            long stored = run.storedEmails(database, "stuck-").size();
            String readinessDuringStall = readiness < 0 ? "unanswered for 5 s (its check waits for a connection too)"
                    : String.valueOf(readiness);
            verdict.figure("a stall longer than every timeout", Http.tally(stuck) + ", fastest "
                    + stuck.stream().mapToLong(Http.Answer::millis).min().orElse(0) + " ms, slowest "
                    + Http.slowest(stuck) + " ms; readiness " + readinessDuringStall + " during the stall; " + stored
                    + " of its POSTs stored");
            verdict.check(stuck.stream().allMatch(Http.Answer::isRetryableProblem),
                    "every request gets a 503 problem with Retry-After");
            verdict.check(Http.slowest(stuck) <= BOUNDED_WAIT.toMillis(),
                    "no request waits longer than " + BOUNDED_WAIT.toSeconds() + " s");
            verdict.check(stored == 0, "no POST that got a 503 is stored");

            List<Http.Answer> recovered = wave(http, wave, ids, "recovered-").stream()
                    .map(CompletableFuture::join).toList();
            verdict.figure("after the stall", Http.tally(recovered) + ", slowest " + Http.slowest(recovered)
                    + " ms; readiness " + service.status("/q/health/ready"));
            verdict.check(recovered.stream().allMatch(answer -> answer.status() >= 200 && answer.status() < 300),
                    "once the database is quick again every request succeeds: the pool recovered");
        }
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
