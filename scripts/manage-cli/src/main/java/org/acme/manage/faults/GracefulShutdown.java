package org.acme.manage.faults;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.acme.manage.harness.ServiceProcess;

/**
 * SIGTERM while the service is busy: what it accepted completes (even requests stuck on a slow database), what
 * comes after is refused, and the process exits within its shutdown timeout, without a 5xx for accepted requests.
 */
final class GracefulShutdown implements FaultScenario {

    /** quarkus.shutdown.timeout in application.properties. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    /** How long the slow requests stay stuck after the SIGTERM. */
    static final Duration STUCK_AFTER_SIGTERM = Duration.ofSeconds(2);
    /** A request sent this long before the SIGTERM has reached the service before it started to shut down. */
    static final Duration ACCEPTED_MARGIN = Duration.ofMillis(100);
    static final int SLOW_REQUESTS = 12;
    static final int LATE_REQUESTS = 10;

    @Override
    public String name() {
        return "graceful-shutdown";
    }

    @Override
    public String summary() {
        return "SIGTERM under load with " + SLOW_REQUESTS + " slow requests in flight: they complete, new requests "
                + "are refused, exit within " + SHUTDOWN_TIMEOUT.toSeconds() + " s, no 5xx for accepted requests";
    }

    @Override
    public void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(name());
        ServiceProcess service = run.start(run.launch(database), name());
        List<MixedLoad.Sample> steady;
        List<Http.Answer> slow;
        List<Http.Answer> late;
        OptionalInt exit;
        long terminated;
        long exitedMillis;
        try {
            long[] ids = run.seedUsers(database, "seed", 50);
            Http http = new Http(service.baseUrl());
            try (MixedLoad load = new MixedLoad(http, 4, "steady-", ids, 5)) {
                load.start();
                FaultRun.pause(Duration.ofSeconds(2));
                List<CompletableFuture<Http.Answer>> slowInFlight;
                List<CompletableFuture<Http.Answer>> lateInFlight;
                try (FaultRun.TableLock lock = run.lockUsers(database)) {
                    slowInFlight = IntStream.range(0, SLOW_REQUESTS).mapToObj(i -> i % 2 == 0
                            ? http.send("POST", "/users", Http.userJson("slow-" + i + "@example.com"))
                            : http.send("GET", "/users/" + ids[0], null)).toList();
                    FaultRun.pause(Duration.ofMillis(500));
                    terminated = System.nanoTime();
                    service.signalTerminate();
                    run.out().println("  SIGTERM sent, " + SLOW_REQUESTS + " slow requests in flight");
                    FaultRun.pause(Duration.ofMillis(500));
                    lateInFlight = IntStream.range(0, LATE_REQUESTS).mapToObj(i -> http.send("POST", "/users",
                            Http.userJson("late-" + i + "@example.com"))).toList();
                    FaultRun.pause(STUCK_AFTER_SIGTERM.minusMillis(500));
                }
                slow = slowInFlight.stream().map(CompletableFuture::join).toList();
                late = lateInFlight.stream().map(CompletableFuture::join).toList();
                exit = service.awaitExit(SHUTDOWN_TIMEOUT.plusSeconds(10));
                exitedMillis = (System.nanoTime() - terminated) / 1_000_000;
                steady = load.stop();
            }
        } finally {
            service.killService();
        }

        List<Http.Answer> accepted = steady.stream()
                .filter(s -> terminated - s.sentNanos() > ACCEPTED_MARGIN.toNanos()).map(MixedLoad.Sample::answer)
                .toList();
        List<Http.Answer> afterSigterm = steady.stream().filter(s -> s.sentNanos() > terminated)
                .map(MixedLoad.Sample::answer).toList();
        verdict.figure("steady load accepted before the SIGTERM", Http.tally(accepted));
        verdict.figure("slow requests in flight at the SIGTERM", Http.tally(slow) + ", slowest "
                + Http.slowest(slow) + " ms");
        verdict.figure("requests sent during the shutdown", Http.tally(late) + " (new POSTs), "
                + Http.tally(afterSigterm) + " (steady load)");
        verdict.figure("exit", exit.isPresent() ? "code " + exit.getAsInt() + ", " + exitedMillis
                + " ms after the SIGTERM" : "still running " + exitedMillis + " ms after the SIGTERM: killed");

        Set<String> createdSlow = IntStream.range(0, SLOW_REQUESTS).filter(i -> i % 2 == 0)
                .filter(i -> slow.get(i).status() == 201).mapToObj(i -> "slow-" + i + "@example.com")
                .collect(Collectors.toSet());
        Set<String> stored = run.storedEmails(database, "slow-").keySet();
        long storedLate = run.storedEmails(database, "late-").size();
        verdict.check(slow.stream().allMatch(answer -> answer.status() == 200 || answer.status() == 201)
                && stored.equals(createdSlow), "the requests in flight complete (200 or 201), and their users are "
                + "stored");
        verdict.check(accepted.stream().allMatch(answer -> answer.status() > 0 && answer.status() < 500),
                "no 5xx and no lost answer for a request accepted before the SIGTERM");
        verdict.check(late.stream().allMatch(answer -> answer.status() == Http.REFUSED || answer.status() == 503)
                && storedLate == 0, "new requests during the shutdown are refused (503 or connection refused), "
                + "and none is stored");
        verdict.check(exit.isPresent() && exitedMillis <= SHUTDOWN_TIMEOUT.toMillis(),
                "the process exits by itself within the shutdown timeout (" + SHUTDOWN_TIMEOUT.toSeconds() + " s)");
        verdict.check(exit.isPresent() && (exit.getAsInt() == 0 || exit.getAsInt() == 143),
                "the exit code says a normal stop (0, or 143 for SIGTERM)");
    }
}
