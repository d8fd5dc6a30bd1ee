package org.acme.manage.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * The service's connections killed with {@code pg_terminate_backend}, as an administrator, an
 * {@code idle_session_timeout}, a proxy or a failover does: three times under steady load, where a statement that
 * was running when its backend died may get a 503, never a 500; then once while every connection waits idle in the
 * pool, where the next requests must all succeed (the pool validates a connection before handing it out), and the
 * readiness probe must tell the truth: the database is up.
 */
@FaultScenario
class TerminatedBackendsTest {

    static final int CLIENTS = 6;
    static final int ROUNDS = 3;
    static final Duration BETWEEN = Duration.ofSeconds(2);
    /** Requests sent this long after the last termination are past anything it could touch. */
    static final Duration SETTLED = Duration.ofSeconds(1);
    static final int REQUESTS_AFTER_IDLE = 20;

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
            long[] ids = run.seedUsers(database, "seed", 100);
            Http http = new Http(service.baseUrl());

            List<MixedLoad.Sample> samples;
            List<Integer> terminatedUnderLoad = new ArrayList<>();
            long lastTermination;
            try (MixedLoad load = new MixedLoad(http, CLIENTS, "terminated-", ids, 5)) {
                load.start();
                FaultRun.pause(BETWEEN);
                for (int round = 0; round < ROUNDS; round++) {
                    terminatedUnderLoad.add(terminate(run, database));
                    FaultRun.pause(BETWEEN);
                }
                lastTermination = System.nanoTime() - BETWEEN.toNanos();
                samples = load.stop();
            }
            List<MixedLoad.Sample> settled = samples.stream()
                    .filter(s -> s.sentNanos() - lastTermination > SETTLED.toNanos()).toList();
            List<Http.Answer> answers = samples.stream().map(MixedLoad.Sample::answer).toList();
            verdict.figure("under load", CLIENTS + " clients, GET by id / POST / list in turn; sessions terminated "
                    + terminatedUnderLoad + " every " + BETWEEN.toSeconds() + " s; " + Http.tally(answers)
                    + ", slowest " + Http.slowest(answers) + " ms");
            // each round on its own: under steady load the service always holds connections, so a round that
            // terminated none tested nothing, and a total would hide it behind the others
            verdict.check(terminatedUnderLoad.size() == ROUNDS && terminatedUnderLoad.stream().allMatch(n -> n > 0),
                    "every round under load terminates at least one session of the service");
            verdict.check(answers.stream().allMatch(a -> a.succeeded() || a.isRetryableProblem()),
                    "under load every request succeeds or, if its statement was running when its backend died, gets "
                    + "a 503 problem with Retry-After: never a 500, never without an answer");
            verdict.check(!settled.isEmpty() && settled.stream().allMatch(s -> s.answer().succeeded()),
                    "every request sent more than " + SETTLED.toSeconds() + " s after a termination succeeds");

            // the case: the pool's connections die while idle; the next requests must not notice
            FaultRun.pause(Duration.ofMillis(500));
            int terminatedIdle = terminate(run, database);
            int readiness = service.readiness();
            List<Http.Answer> next = new ArrayList<>();
            for (int i = 0; i < REQUESTS_AFTER_IDLE; i++) {
                next.add(i % 2 == 0 ? http.get("/users/" + ids[0]) : http.get("/users?page=0&size=20"));
            }
            next.add(http.post("/users", Http.userJson("after-idle-termination@example.com")));
            verdict.figure("after terminating the " + terminatedIdle + " idle connections", "readiness " + readiness
                    + " at once; then " + Http.tally(next) + ", slowest " + Http.slowest(next) + " ms");
            verdict.check(terminatedIdle > 0 && next.stream().allMatch(Http.Answer::succeeded),
                    "the " + (REQUESTS_AFTER_IDLE + 1) + " requests after the idle connections were terminated all "
                    + "succeed: the pool replaced the dead connections before handing them out");
            verdict.check(readiness == 200, "readiness says UP right after the termination: the database is up");
            FaultRun.checkAlive(service, verdict);
        }
    }

    /** Terminates every session of the service on {@code database}; returns how many there were. */
    static int terminate(FaultRun run, String database) throws SQLException {
        try (Connection admin = run.connect(database); var statement = admin.prepareStatement("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = ? AND backend_type = 'client backend' AND pid <> pg_backend_pid()""")) {
            statement.setString(1, database);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
