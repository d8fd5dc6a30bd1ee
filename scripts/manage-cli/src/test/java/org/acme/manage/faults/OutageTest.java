package org.acme.manage.faults;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.ThrowawayPostgres.StopMode;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for 10 s under steady reads and writes (stopped like a crash), then comes back. While it is
 * away, requests must fail fast with a 503 problem and readiness must say DOWN; once it is back, the service must
 * serve again within 10 s without a restart; every user it answered 201 for must be stored. Every POST carries an
 * Idempotency-Key, and one that got no 201 is sent again with the same key once the service is back: it must get a
 * 201, the stored answer where its user had been stored after all (a commit whose acknowledgement the crash cut off),
 * a new create where not; and a POST that got its 201, sent again as by a client that lost the answer, gets the same
 * 201. Then every email is stored once, and every client holds the id of its row.
 */
@FaultScenario
class OutageTest {

    static final Duration BEFORE = Duration.ofSeconds(5);
    static final Duration OUTAGE = Duration.ofSeconds(10);
    static final Duration AFTER = Duration.ofSeconds(15);
    /** Beyond the configured waits, for a CPU starved by other builds. */
    static final Duration FAIL_FAST_MARGIN = Duration.ofSeconds(1);
    static final Duration RECOVERY = Duration.ofSeconds(10);
    static final int CLIENTS = 8;
    /** Creates answered 201 that are sent again all the same, as by a client whose answer was lost on the way. */
    static final int LOST_ANSWERS = 20;

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        // while PostgreSQL is down a request waits at most for the check of a pooled connection (the validation
        // timeout), then for a new one (the acquisition timeout, which holds the connect attempt); a statement in
        // flight at the crash fails at once, as its socket is closed
        Duration failFast = run.configuredDuration("quarkus.datasource.jdbc.validation-query-timeout")
                .plus(run.configuredDuration("quarkus.datasource.jdbc.acquisition-timeout")).plus(FAIL_FAST_MARGIN);
        String database = run.createDatabase(run.name());
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
        Map<MixedLoad.Sample, Http.Answer> resent = new LinkedHashMap<>();
        boolean alive;
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
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
            // what a client does with a create that got no 201: send it again with the same key
            storedBeforeRetries = run.storedEmails(database, "outage-");
            samples.stream().filter(s -> "POST".equals(s.operation()) && s.answer().status() != 201)
                    .forEach(s -> retries.put(s.email(),
                            http.post("/users", Http.userJson(s.email()), s.idempotencyKey())));
            samples.stream().filter(s -> "POST".equals(s.operation()) && s.answer().status() == 201)
                    .limit(LOST_ANSWERS).forEach(s -> resent.put(s,
                            http.post("/users", Http.userJson(s.email()), s.idempotencyKey())));
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
        List<MixedLoad.Sample> posts = samples.stream().filter(s -> "POST".equals(s.operation())).toList();
        Set<String> posted = posts.stream().map(MixedLoad.Sample::email).collect(Collectors.toSet());
        Map<String, List<Long>> stored = run.storedIds(database, "outage-");
        long missing = created.stream().filter(email -> !storedBeforeRetries.containsKey(email)).count();
        long storedThoughRefused = retries.keySet().stream().filter(storedBeforeRetries::containsKey).count();
        long retried503 = posts.stream().filter(s -> s.answer().status() == 503).count();
        long replayed = retries.values().stream().filter(Http.Answer::replayed).count();
        // a 201 from the stored key exactly where the first attempt had been stored, a new create elsewhere
        long settled = retries.entrySet().stream().filter(retry -> retry.getValue().status() == 201
                && retry.getValue().replayed() == storedBeforeRetries.containsKey(retry.getKey())).count();
        // the id each client holds, from its first answer or from its retry, against the row stored for its email
        List<String> wrongIds = posts.stream().filter(s -> {
            Http.Answer held = s.answer().status() == 201 ? s.answer() : retries.get(s.email());
            List<Long> ids = stored.getOrDefault(s.email(), List.of());
            return held.status() != 201 || ids.size() != 1 || held.createdId() != ids.get(0);
        }).map(MixedLoad.Sample::email).toList();
        verdict.figure("writes", created.size() + " answered 201, " + rows(storedBeforeRetries) + " rows stored, "
                + missing + " missing, " + storedThoughRefused + " stored though not answered 201 (a commit whose "
                + "acknowledgement the crash cut off: its outcome was unknown to the service)");
        verdict.figure("the " + retries.size() + " POSTs without a 201 (" + retried503 + " answered 503), sent again "
                + "with their Idempotency-Key", Http.tally(retries.values()) + "; " + replayed + " answered from the "
                + "stored key, " + (retries.size() - replayed) + " created then; " + stored.values().stream()
                        .mapToInt(List::size).sum() + " rows for " + posted.size() + " emails POSTed");
        long resentSame = resent.entrySet().stream().filter(again -> again.getValue().status() == 201
                && again.getValue().replayed() && again.getValue().body().equals(again.getKey().answer().body())
                && again.getValue().location().equals(again.getKey().answer().location())).count();
        verdict.figure("the first " + resent.size() + " POSTs answered 201, sent again with their key", Http.tally(
                resent.values()) + "; " + resentSame + " answered from the stored key with the first body and Location");
        verdict.check(!before.isEmpty() && before.stream().allMatch(s -> s.answer().succeeded()),
                "before the outage every request succeeds");
        verdict.check(!during.isEmpty() && during.stream().allMatch(s -> s.answer().isRetryableProblem()),
                "during the outage every request gets a 503 problem with Retry-After");
        verdict.check(!hit.isEmpty() && hit.stream().allMatch(s -> s.answer().answered())
                && slowest(hit) <= failFast.toMillis(), "during the outage every request is answered within "
                + failFast.toSeconds() + " s (the validation and acquisition timeouts and "
                + FAIL_FAST_MARGIN.toSeconds() + " s of margin), those in flight at the crash too");
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
        verdict.check(!retries.isEmpty() && settled == retries.size(), "a POST that got no 201, sent again with its "
                + "Idempotency-Key, gets 201: the stored answer if its user was stored, a new create if not");
        wrongIds.stream().limit(5).forEach(email -> run.out().printf("    %s: stored as %s, the client holds %s%n",
                email, stored.get(email), retries.containsKey(email) ? Http.statusName(retries.get(email))
                        + " " + retries.get(email).location() : "its first 201"));
        verdict.check(resent.size() == LOST_ANSWERS && resentSame == LOST_ANSWERS, "a POST answered 201, sent again "
                + "with its Idempotency-Key, gets the same 201 (body and Location) from the stored key");
        verdict.check(!posts.isEmpty() && stored.keySet().equals(posted) && wrongIds.isEmpty(), "every email POSTed "
                + "is stored exactly once, and every client holds the id of its row");
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
