package org.acme.manage.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.ThrowawayPostgres.StopMode;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted with {@code pg_ctl restart -m fast} under steady load, as for a configuration change or a
 * minor upgrade: every connection of the pool is closed by the server. While it restarts, requests get a 503
 * problem; once it is back, the pool's dead connections must cost no request anything: everything sent after it
 * accepts connections again succeeds, without a restart of the service. Then once more while the service is idle,
 * every connection waiting in the pool: the next requests must all succeed.
 */
@FaultScenario
class FastRestartTest {

    static final int CLIENTS = 6;
    static final Duration BEFORE = Duration.ofSeconds(3);
    static final Duration AFTER = Duration.ofSeconds(6);
    /** Requests in flight when the server came back may still have met the restart. */
    static final Duration SETTLED = Duration.ofMillis(500);
    static final int REQUESTS_AFTER_IDLE = 20;

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        List<MixedLoad.Sample> samples;
        long stopping;
        long back;
        int readinessAfter;
        List<Http.Answer> afterIdleRestart = new java.util.ArrayList<>();
        boolean alive;
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
            long[] ids = run.seedUsers(database, "seed", 100);
            Http http = new Http(service.baseUrl());
            try (MixedLoad load = new MixedLoad(http, CLIENTS, "restart-", ids, 5)) {
                load.start();
                FaultRun.pause(BEFORE);
                stopping = System.nanoTime();
                run.server().stopDatabase(StopMode.FAST);
                run.server().startDatabase();
                back = System.nanoTime();
                readinessAfter = service.readiness();
                FaultRun.pause(AFTER);
                samples = load.stop();
            }
            FaultRun.pause(SETTLED);
            run.server().stopDatabase(StopMode.FAST);
            run.server().startDatabase();
            for (int i = 0; i < REQUESTS_AFTER_IDLE; i++) {
                afterIdleRestart.add(i % 2 == 0 ? http.get("/users/" + ids[0]) : http.get("/users?page=0&size=20"));
            }
            alive = service.isAlive();
        }
        List<MixedLoad.Sample> hit = samples.stream()
                .filter(s -> s.sentNanos() + s.answer().millis() * 1_000_000 >= stopping && s.sentNanos() < back)
                .toList();
        List<MixedLoad.Sample> after = samples.stream().filter(s -> s.sentNanos() >= back + SETTLED.toNanos())
                .toList();
        Map<String, Integer> stored = run.storedEmails(database, "restart-");
        long createdButMissing = samples.stream().filter(s -> s.answer().status() == 201
                && !stored.containsKey(s.email())).count();
        verdict.figure("restart", String.format("%.1f s from pg_ctl stop to accepting connections again",
                (back - stopping) / 1e9));
        verdict.figure("in flight or sent during the restart", describe(hit));
        verdict.figure("sent " + SETTLED.toMillis() + " ms or more after it was back", describe(after)
                + "; readiness " + readinessAfter + " at once");
        verdict.check(samples.stream().allMatch(s -> s.answer().succeeded() || s.answer().isRetryableProblem()),
                "no 500 and no request without an answer: the restart costs at most a 503 problem with Retry-After");
        verdict.check(!after.isEmpty() && after.stream().allMatch(s -> s.answer().succeeded()),
                "every request sent after PostgreSQL is back succeeds: no dead pooled connection is handed out");
        verdict.figure("after a restart while idle", Http.tally(afterIdleRestart) + ", slowest "
                + Http.slowest(afterIdleRestart) + " ms");
        verdict.check(afterIdleRestart.stream().allMatch(Http.Answer::succeeded), "the " + REQUESTS_AFTER_IDLE
                + " requests after a restart while every connection waited idle in the pool all succeed");
        verdict.check(createdButMissing == 0, "every user answered 201 is stored");
        verdict.check(alive, FaultRun.STILL_RUNNING);
    }

    private static String describe(List<MixedLoad.Sample> samples) {
        return Http.tally(samples.stream().map(MixedLoad.Sample::answer).toList());
    }
}
