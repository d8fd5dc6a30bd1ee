package org.acme.manage.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL takes no writes for a while, as a standby does after a failover until it is promoted: under steady
 * load, {@code default_transaction_read_only} is switched on for the whole server (ALTER SYSTEM and a reload reach
 * the service's open connections too), then off again. Writes must get a 503 problem with Retry-After and store
 * nothing, reads must go on, readiness must stay UP (the database answers), and writes must work again once it
 * takes them.
 */
@FaultScenario
class ReadOnlyTest {

    static final int CLIENTS = 6;
    static final Duration BEFORE = Duration.ofSeconds(3);
    static final Duration READ_ONLY = Duration.ofSeconds(6);
    static final Duration AFTER = Duration.ofSeconds(4);
    /** A reload reaches a session when it next runs a command: give the sessions this long. */
    static final Duration SWITCH = Duration.ofSeconds(1);

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        List<MixedLoad.Sample> samples;
        long switchedOn;
        long switchedOff;
        int readinessReadOnly;
        boolean alive;
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
            long[] ids = run.seedUsers(database, "seed", 100);
            Http http = new Http(service.baseUrl());
            try (MixedLoad load = new MixedLoad(http, CLIENTS, "read-only-", ids, 5)) {
                load.start();
                FaultRun.pause(BEFORE);
                try {
                    readOnly(run, database, true);
                    switchedOn = System.nanoTime();
                    FaultRun.pause(READ_ONLY.dividedBy(2));
                    readinessReadOnly = service.readiness();
                    FaultRun.pause(READ_ONLY.dividedBy(2));
                } finally {
                    readOnly(run, database, false);
                }
                switchedOff = System.nanoTime();
                FaultRun.pause(AFTER);
                samples = load.stop();
            }
            alive = service.isAlive();
        }
        List<MixedLoad.Sample> before = samples.stream().filter(s -> answeredAt(s) < switchedOn).toList();
        List<MixedLoad.Sample> during = samples.stream()
                .filter(s -> s.sentNanos() > switchedOn + SWITCH.toNanos() && answeredAt(s) < switchedOff).toList();
        List<MixedLoad.Sample> writesDuring = during.stream().filter(s -> "POST".equals(s.operation())).toList();
        List<MixedLoad.Sample> readsDuring = during.stream().filter(s -> !"POST".equals(s.operation())).toList();
        List<MixedLoad.Sample> after = samples.stream()
                .filter(s -> s.sentNanos() > switchedOff + SWITCH.toNanos()).toList();
        Map<String, Integer> stored = run.storedEmails(database, "read-only-");
        long refusedButStored = samples.stream().filter(s -> "POST".equals(s.operation())
                && s.answer().status() != 201 && stored.containsKey(s.email())).count();
        long createdButMissing = samples.stream().filter(s -> s.answer().status() == 201
                && !stored.containsKey(s.email())).count();

        verdict.figure("before", describe(before));
        verdict.figure("writes while read-only", describe(writesDuring));
        verdict.figure("reads while read-only", describe(readsDuring) + "; readiness " + readinessReadOnly);
        verdict.figure("after", describe(after));
        verdict.figure("stored", stored.size() + " rows; " + createdButMissing + " answered 201 but missing, "
                + refusedButStored + " refused but stored");
        verdict.check(!before.isEmpty() && before.stream().allMatch(s -> s.answer().succeeded()),
                "before, every request succeeds");
        verdict.check(!writesDuring.isEmpty() && writesDuring.stream().allMatch(s -> s.answer().isRetryableProblem()),
                "while read-only, every write gets a 503 problem with Retry-After");
        verdict.check(!readsDuring.isEmpty() && readsDuring.stream().allMatch(s -> s.answer().succeeded()),
                "while read-only, every read succeeds");
        verdict.check(readinessReadOnly == 200, "readiness stays UP: the database answers");
        verdict.check(samples.stream().allMatch(s -> s.answer().succeeded() || s.answer().isRetryableProblem()),
                "no 500 and no request without an answer, around the switches too");
        verdict.check(!after.isEmpty() && after.stream().allMatch(s -> s.answer().succeeded()),
                "once the database takes writes again, every request succeeds");
        verdict.check(createdButMissing == 0 && refusedButStored == 0,
                "every 201 is stored, and no refused write is");
        verdict.check(alive, FaultRun.STILL_RUNNING);
    }

    /** Switches {@code default_transaction_read_only} for the whole server, for open sessions too. */
    static void readOnly(FaultRun run, String database, boolean on) throws SQLException {
        try (Connection admin = run.connect(database); Statement statement = admin.createStatement()) {
            statement.execute(on ? "ALTER SYSTEM SET default_transaction_read_only = on"
                    : "ALTER SYSTEM RESET default_transaction_read_only");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static long answeredAt(MixedLoad.Sample sample) {
        return sample.sentNanos() + sample.answer().millis() * 1_000_000;
    }

    private static String describe(List<MixedLoad.Sample> samples) {
        return Http.tally(samples.stream().map(MixedLoad.Sample::answer).toList());
    }
}
