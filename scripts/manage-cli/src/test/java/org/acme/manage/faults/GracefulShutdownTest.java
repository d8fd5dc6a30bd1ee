package org.acme.manage.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * SIGTERM while the service is busy: what it accepted completes (even requests stuck on a slow database), what
 * comes after is refused with a 503 problem that tells the client to retry elsewhere (Retry-After, Connection:
 * close), and the process exits within its shutdown timeout, without a 5xx for accepted requests. Then the same
 * with the shutdown delay that the Kubernetes manifest sets (QUARKUS_SHUTDOWN_DELAY): during the delay requests are
 * still served while readiness says DOWN, and only after it are they refused.
 */
@FaultScenario
class GracefulShutdownTest {

    /** quarkus.shutdown.timeout in application.properties. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    /** How long the slow requests stay stuck after the SIGTERM. */
    static final Duration STUCK_AFTER_SIGTERM = Duration.ofSeconds(2);
    /** A request sent this long before the SIGTERM has reached the service before it started to shut down. */
    static final Duration ACCEPTED_MARGIN = Duration.ofMillis(100);
    static final int SLOW_REQUESTS = 12;
    static final int LATE_REQUESTS = 10;
    /** QUARKUS_SHUTDOWN_DELAY of the second launch (the manifest's is 5S: shorter here, to the same effect). */
    static final Duration DELAY = Duration.ofSeconds(3);

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        ServiceProcess service = run.start(run.launch(database), run.name());
        List<MixedLoad.Sample> steady;
        List<Http.Answer> slow;
        List<Http.Answer> late;
        OptionalInt exit;
        long terminated;
        long exitedMillis;
        long firstId;
        try {
            long[] ids = run.seedUsers(database, "seed", 50);
            firstId = ids[0];
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
        verdict.check(!accepted.isEmpty() && accepted.stream().allMatch(answer -> answer.answered()
                && answer.status() < 500), "no 5xx and no lost answer for a request accepted before the SIGTERM");
        verdict.check(late.stream().allMatch(GracefulShutdownTest::isStoppingRefusal) && storedLate == 0,
                "new requests during the shutdown get the 503 problem with Retry-After and Connection: close, and "
                + "none is stored");
        verdict.check(exit.isPresent() && exitedMillis <= SHUTDOWN_TIMEOUT.toMillis(),
                "the process exits by itself within the shutdown timeout (" + SHUTDOWN_TIMEOUT.toSeconds() + " s)");
        verdict.check(exit.isPresent() && (exit.getAsInt() == 0 || exit.getAsInt() == 143),
                "the exit code says a normal stop (0, or 143 for SIGTERM)");

        withShutdownDelay(run, verdict, database, firstId);
    }

    /**
     * SIGTERM to a service launched with QUARKUS_SHUTDOWN_DELAY: 1 s later a request is served and readiness is
     * DOWN; a request sent during the delay is stuck on a lock until after it; 1 s after the delay a new request is
     * refused with the 503 problem, while the stuck one still completes.
     */
    private void withShutdownDelay(FaultRun run, Verdict verdict, String database, long id) throws Exception {
        ServiceLaunch launch = run.launch(database, Map.of("QUARKUS_SHUTDOWN_DELAY", DELAY.toSeconds() + "S"));
        ServiceProcess service = run.start(launch, run.name() + "-delay");
        Http.Answer duringDelay;
        Http.Answer readiness;
        Http.Answer stuck;
        Http.Answer afterDelay;
        OptionalInt exit;
        long exitedMillis;
        try {
            Http http = new Http(service.baseUrl());
            long terminated = System.nanoTime();
            service.signalTerminate();
            FaultRun.pause(Duration.ofSeconds(1));
            duringDelay = http.get("/users/" + id);
            readiness = new Http(service.managementUrl()).get(ServiceProcess.READINESS);
            CompletableFuture<Http.Answer> stuckInFlight;
            try (FaultRun.TableLock lock = run.lockUsers(database)) {
                stuckInFlight = http.send("GET", "/users/" + id, null);
                FaultRun.pause(Duration.ofNanos(Math.max(0,
                        terminated + DELAY.plusSeconds(1).toNanos() - System.nanoTime())));
                afterDelay = http.get("/users/" + id);
            }
            stuck = stuckInFlight.join();
            exit = service.awaitExit(SHUTDOWN_TIMEOUT.plus(DELAY).plusSeconds(10));
            exitedMillis = (System.nanoTime() - terminated) / 1_000_000;
        } finally {
            service.killService();
        }
        String delayed = afterDelay.connection().isEmpty() ? "" : " (Connection: " + afterDelay.connection() + ")";
        verdict.figure("with QUARKUS_SHUTDOWN_DELAY=" + launch.environment().get("QUARKUS_SHUTDOWN_DELAY"),
                "1 s after the SIGTERM a GET " + Http.statusName(duringDelay) + ", readiness "
                + Http.statusName(readiness) + "; a GET sent then and stuck on a lock " + Http.statusName(stuck)
                + " after " + stuck.millis() + " ms; 1 s after the delay a GET " + Http.statusName(afterDelay)
                + delayed + "; " + (exit.isPresent() ? "exit code " + exit.getAsInt() + " " + exitedMillis
                + " ms after the SIGTERM" : "still running " + exitedMillis + " ms after the SIGTERM: killed"));
        verdict.check(duringDelay.status() == 200 && readiness.status() == 503,
                "during the shutdown delay requests are served while readiness reports DOWN");
        verdict.check(isStoppingRefusal(afterDelay) && stuck.status() == 200, "after the delay a new request "
                + "gets the 503 problem, while one accepted during the delay completes (200)");
        verdict.check(exit.isPresent() && (exit.getAsInt() == 0 || exit.getAsInt() == 143)
                && exitedMillis <= DELAY.plus(SHUTDOWN_TIMEOUT).toMillis(), "the process exits normally within the "
                + "delay and the shutdown timeout");
    }

    /**
     * The service's refusal while it stops: a 503 whose body is a problem document saying 503, with Retry-After, on
     * a connection the service closes (Connection: close), so that the client retries elsewhere.
     */
    static boolean isStoppingRefusal(Http.Answer answer) {
        if (!answer.isRetryableProblem() || !"close".equalsIgnoreCase(answer.connection())) {
            return false;
        }
        try {
            JsonNode problem = new ObjectMapper().readTree(answer.body());
            return problem.path("status").asInt() == 503 && !problem.path("title").asText().isEmpty();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
