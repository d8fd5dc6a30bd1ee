package org.acme.manage.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.ThrowawayPostgres.StopMode;

/**
 * PostgreSQL goes away for 10 s under steady reads and writes (stopped like a crash), then comes back. While it is
 * away, requests must fail fast with a 503 problem and readiness must say DOWN; once it is back, the service must
 * serve again within 10 s without a restart; every user it answered 201 for must be stored; and a create that got no
 * 201, sent again, must be answered for what happened to it (409 stored, 201 not), leaving each user stored once.
 */
final class OutageAndRecovery implements FaultScenario {

    static final Duration BEFORE = Duration.ofSeconds(5);
    static final Duration OUTAGE = Duration.ofSeconds(10);
    static final Duration AFTER = Duration.ofSeconds(15);
    static final Duration FAIL_FAST = Duration.ofSeconds(5);
    static final Duration RECOVERY = Duration.ofSeconds(10);
    static final int CLIENTS = 8;

    @Override
    public String name() {
        return "outage";
    }

    @Override
    public String summary() {
        return "PostgreSQL stopped for " + OUTAGE.toSeconds() + " s under mixed load, then started again: 503s "
                + "within " + FAIL_FAST.toSeconds() + " s, readiness DOWN, serving again within "
                + RECOVERY.toSeconds() + " s, every 201 stored, a retried create answered for what happened to it";
    }

    @Override
    public void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(name());
        List<MixedLoad.Sample> samples;
        long stopping;
        long stopped;
        long restarting;
        long back;
        int probesDown = 0;
        int probesDuringOutage = 0;
        long readyAgainMillis = -1;
        Map<String, Integer> storedBeforeRetries;
        Map<String, Http.Answer> retries = new TreeMap<>();
        boolean alive;
        try (ServiceProcess service = run.start(run.launch(database), name())) {
            long[] ids = run.seedUsers(database, "seed", 100);
            Http http = new Http(service.baseUrl());
            try (MixedLoad load = new MixedLoad(http, CLIENTS, "outage-", ids, 5)) {
                load.start();
                FaultRun.pause(BEFORE);
                stopping = System.nanoTime();
                run.server().stopDatabase(StopMode.IMMEDIATE);
                stopped = System.nanoTime();
                run.out().printf("  PostgreSQL stopped (immediate mode, as in a crash) in %d ms%n",
                        (stopped - stopping) / 1_000_000);
                while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
                    probesDuringOutage++;
                    if (service.readiness() == 503) {
                        probesDown++;
                    }
                    FaultRun.pause(Duration.ofMillis(500));
                }
                restarting = System.nanoTime();
                run.server().startDatabase();
                back = System.nanoTime();
                run.out().printf("  PostgreSQL started again after %.1f s%n", (back - stopped) / 1e9);
                while (System.nanoTime() - back < AFTER.toNanos()) {
                    if (readyAgainMillis < 0 && service.readiness() == 200) {
                        readyAgainMillis = (System.nanoTime() - back) / 1_000_000;
                    }
                    FaultRun.pause(Duration.ofMillis(100));
                }
                samples = load.stop();
            }
            // what a client does with a create that got no 201: send it again; the answer must say what happened
            storedBeforeRetries = run.storedEmails(database, "outage-");
            samples.stream().filter(s -> "POST".equals(s.operation()) && s.answer().status() != 201)
                    .forEach(s -> retries.put(s.email(), http.post("/users", Http.userJson(s.email()))));
            alive = service.isAlive();
        }

        // judged by when they were answered: a request sent just before the stop may be answered after it
        List<MixedLoad.Sample> before = samples.stream().filter(s -> answeredAt(s) < stopping).toList();
        List<MixedLoad.Sample> during = samples.stream()
                .filter(s -> s.sentNanos() >= stopped && answeredAt(s) < restarting).toList();
        // every request the outage could touch: in flight when PostgreSQL went down, or sent while it was down
        List<MixedLoad.Sample> hit = samples.stream()
                .filter(s -> answeredAt(s) >= stopping && s.sentNanos() < restarting).toList();
        List<MixedLoad.Sample> after = samples.stream().filter(s -> s.sentNanos() >= back).toList();
        List<MixedLoad.Sample> recovered = after.stream().filter(s -> s.sentNanos() - back > RECOVERY.toNanos())
                .toList();
        verdict.figure("load", CLIENTS + " clients, GET by id / POST / list in turn, " + samples.size()
                + " requests in all");
        verdict.figure("before the outage", describe(before));
        verdict.figure("during the outage", describe(during));
        verdict.figure("in flight at the crash or sent during the outage", describe(hit) + ", slowest "
                + slowest(hit) + " ms");
        verdict.figure("readiness during the outage", probesDown + " of " + probesDuringOutage + " probes DOWN");
        Recovery recovery = recovery(after, back);
        verdict.figure("first success after PostgreSQL was back", recovery.firstSuccessMillis + " ms");
        verdict.figure("last failure after PostgreSQL was back", recovery.lastFailureMillis < 0 ? "none"
                : recovery.lastFailureMillis + " ms");
        verdict.figure("readiness UP again after", readyAgainMillis + " ms");
        verdict.figure("after the outage", describe(after));

        Set<String> created = samples.stream().filter(s -> s.answer().status() == 201).map(MixedLoad.Sample::email)
                .collect(Collectors.toSet());
        Set<String> posted = samples.stream().filter(s -> "POST".equals(s.operation())).map(MixedLoad.Sample::email)
                .collect(Collectors.toSet());
        Map<String, Integer> stored = run.storedEmails(database, "outage-");
        long missing = created.stream().filter(email -> !storedBeforeRetries.containsKey(email)).count();
        long storedThoughRefused = retries.keySet().stream().filter(storedBeforeRetries::containsKey).count();
        long settled = retries.entrySet().stream().filter(retry -> retry.getValue().status()
                == (storedBeforeRetries.containsKey(retry.getKey()) ? 409 : 201)).count();
        verdict.figure("writes", created.size() + " answered 201, " + rows(storedBeforeRetries) + " rows stored, "
                + missing + " missing, " + storedThoughRefused + " stored though not answered 201 (a commit whose "
                + "acknowledgement the crash cut off: its outcome was unknown to the service)");
        verdict.figure("the " + retries.size() + " POSTs without a 201, sent again", Http.tally(retries.values())
                + "; then " + rows(stored) + " rows for " + posted.size() + " emails POSTed");
        verdict.check(!before.isEmpty() && before.stream().allMatch(s -> s.answer().succeeded()),
                "before the outage every request succeeds");
        verdict.check(!during.isEmpty() && during.stream().allMatch(s -> s.answer().isRetryableProblem()),
                "during the outage every request gets a 503 problem with Retry-After");
        verdict.check(!hit.isEmpty() && hit.stream().allMatch(s -> s.answer().answered())
                && slowest(hit) <= FAIL_FAST.toMillis(), "during the outage every request is answered within "
                + FAIL_FAST.toSeconds() + " s, those in flight at the crash too");
        verdict.check(probesDuringOutage > 0 && probesDown == probesDuringOutage,
                "readiness reports DOWN throughout the outage");
        verdict.check(recovery.firstSuccessMillis >= 0 && recovery.firstSuccessMillis <= RECOVERY.toMillis(),
                "the service serves again within " + RECOVERY.toSeconds() + " s of PostgreSQL's return");
        verdict.check(!recovered.isEmpty() && recovered.stream().allMatch(s -> s.answer().succeeded()),
                "every request from then on succeeds, without a restart");
        verdict.check(readyAgainMillis >= 0 && readyAgainMillis <= RECOVERY.toMillis(),
                "readiness reports UP again within " + RECOVERY.toSeconds() + " s");
        List<MixedLoad.Sample> wrong = samples.stream().filter(s -> !s.answer().answered()
                || s.answer().status() >= 500 && !s.answer().isRetryableProblem()).toList();
        wrong.stream().limit(5).forEach(s -> run.out().printf("    %s to a %s sent %.1f s after PostgreSQL was "
                + "stopped, after %d ms%n", Http.statusName(s.answer()), s.operation(), (s.sentNanos() - stopped)
                / 1e9, s.answer().millis()));
        verdict.check(wrong.isEmpty(), "no 5xx other than the 503 problem, and no request left without an answer");
        verdict.check(!created.isEmpty() && missing == 0, "every user answered 201 is in the database");
        verdict.check(!retries.isEmpty() && settled == retries.size() && stored.keySet().equals(posted)
                && stored.values().stream().allMatch(times -> times == 1), "a POST that got no 201, sent again, "
                + "gets 409 if its user was stored and 201 if not; then every user POSTed is stored once");
        verdict.check(alive, FaultRun.STILL_RUNNING);
    }

    private record Recovery(long firstSuccessMillis, long lastFailureMillis) {
    }

    private static Recovery recovery(List<MixedLoad.Sample> after, long back) {
        long firstSuccess = after.stream().filter(s -> s.answer().succeeded())
                .mapToLong(s -> (s.sentNanos() - back) / 1_000_000 + s.answer().millis()).min().orElse(-1);
        long lastFailure = after.stream().filter(s -> !s.answer().succeeded())
                .mapToLong(s -> (s.sentNanos() - back) / 1_000_000).max().orElse(-1);
        return new Recovery(firstSuccess, lastFailure);
    }

    private static int rows(Map<String, Integer> stored) {
        return stored.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static long answeredAt(MixedLoad.Sample sample) {
        return sample.sentNanos() + sample.answer().millis() * 1_000_000;
    }

    private static long slowest(List<MixedLoad.Sample> samples) {
        return Http.slowest(samples.stream().map(MixedLoad.Sample::answer).toList());
    }

    private static String describe(List<MixedLoad.Sample> samples) {
        return Http.tally(samples.stream().map(MixedLoad.Sample::answer).toList());
    }
}
