package org.acme.manage.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.ThrowawayPostgres.StopMode;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's {@code max_connections} below the service's pool, as on a server shared with other clients or sized
 * wrongly: under more concurrent requests than the server lets the service connect, the service must work with the
 * connections it gets. A request may wait, or get a 503 problem with Retry-After ("too many clients", SQLState
 * 53300), never a 500; once the limit is raised, everything succeeds again.
 */
@FaultScenario
class TooManyConnectionsTest {

    /** The server's limit during the scenario: the suite's own session, and 9 for the service's pool of 16. */
    static final int MAX_CONNECTIONS = 10;
    static final int CLIENTS = 24;
    static final Duration LIMITED = Duration.ofSeconds(8);
    static final Duration AFTER = Duration.ofSeconds(4);
    /** Requests sent this long after the limit was raised are past the restart. */
    static final Duration SETTLED = Duration.ofSeconds(1);

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        List<MixedLoad.Sample> limited;
        List<MixedLoad.Sample> after;
        long raised;
        int[] busiest = { 0 };
        boolean alive;
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
            long[] ids = run.seedUsers(database, "seed", 100);
            Http http = new Http(service.baseUrl());
            setMaxConnections(run, database, MAX_CONNECTIONS);
            try {
                // the suite's session is opened before any request, so that the service cannot take every slot
                try (Connection admin = run.connect(database)) {
                    try (MixedLoad load = new MixedLoad(http, CLIENTS, "limited-", ids, 0)) {
                        load.start();
                        long end = System.nanoTime() + LIMITED.toNanos();
                        while (System.nanoTime() < end) {
                            busiest[0] = Math.max(busiest[0], serviceSessions(admin, database));
                            FaultRun.pause(Duration.ofMillis(200));
                        }
                        limited = load.stop();
                    }
                    try (Statement statement = admin.createStatement()) {
                        statement.execute("ALTER SYSTEM RESET max_connections");
                    }
                }
            } finally {
                run.server().stopDatabase(StopMode.FAST);
                run.server().startDatabase();
            }
            raised = System.nanoTime();
            try (MixedLoad load = new MixedLoad(http, CLIENTS, "raised-", ids, 5)) {
                load.start();
                FaultRun.pause(AFTER);
                after = load.stop().stream().filter(s -> s.sentNanos() - raised > SETTLED.toNanos()).toList();
            }
            alive = service.isAlive();
        }
        Map<String, Integer> stored = run.storedEmails(database, "limited-");
        long createdButMissing = limited.stream().filter(s -> s.answer().status() == 201
                && !stored.containsKey(s.email())).count();
        long refusedButStored = limited.stream().filter(s -> "POST".equals(s.operation())
                && s.answer().status() != 201 && stored.containsKey(s.email())).count();
        verdict.figure("limited", "max_connections " + MAX_CONNECTIONS + ", at most " + busiest[0] + " sessions "
                + "of the service seen; " + CLIENTS + " clients: " + describe(limited) + ", slowest "
                + Http.slowest(limited.stream().map(MixedLoad.Sample::answer).toList()) + " ms");
        verdict.figure("after the limit was raised", describe(after));
        verdict.check(busiest[0] > 0 && busiest[0] < MAX_CONNECTIONS, "the service had fewer connections than "
                + "its pool and the concurrent requests: the limit bit");
        verdict.check(limited.stream().anyMatch(s -> s.answer().succeeded()), "requests still succeed on the "
                + "connections the service has");
        verdict.check(limited.stream().allMatch(s -> s.answer().succeeded() || s.answer().isRetryableProblem()),
                "every other request gets a 503 problem with Retry-After: no 500, none without an answer");
        verdict.check(createdButMissing == 0 && refusedButStored == 0, "every 201 is stored, no refused write is");
        verdict.check(!after.isEmpty() && after.stream().allMatch(s -> s.answer().succeeded()),
                "once the limit is raised every request succeeds");
        verdict.check(alive, FaultRun.STILL_RUNNING);
    }

    /** ALTER SYSTEM and a restart, which max_connections needs; the service's connections are closed by it. */
    private static void setMaxConnections(FaultRun run, String database, int limit) throws SQLException {
        try (Connection admin = run.connect(database); Statement statement = admin.createStatement()) {
            statement.execute("ALTER SYSTEM SET max_connections = " + limit);
        }
        run.server().stopDatabase(StopMode.FAST);
        run.server().startDatabase();
    }

    private static int serviceSessions(Connection admin, String database) throws SQLException {
        try (var statement = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ? "
                + "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            statement.setString(1, database);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static String describe(List<MixedLoad.Sample> samples) {
        return Http.tally(samples.stream().map(MixedLoad.Sample::answer).toList());
    }
}
