package org.acme.manage.faults;

import java.time.Duration;
import java.util.HashMap;
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
 * close), or finds the port closed once the service has stopped listening, and the process exits within its shutdown
 * timeout, without a 5xx for accepted requests. Then the same with the shutdown delay that the Kubernetes manifest
 * sets (QUARKUS_SHUTDOWN_DELAY): during the delay requests are still served while readiness says DOWN, and only
 * after it are they refused. Each step waits for what it needs to have happened (the requests waiting on the lock
 * in pg_stat_activity, the service's log line that it is stopping), not for a time.
 */
@FaultScenario
class GracefulShutdownTest {

    static final int STEADY_CLIENTS = 4;
    static final int SLOW_REQUESTS = 12;
    static final int LATE_REQUESTS = 10;
    /** What RefuseRequestsWhileStopping logs once it refuses, or starts counting the delay to. */
    static final String STOPPING_LOGGED = "Stopping: new requests are refused with 503";
    /**
     * The requests here wait on a lock for as long as the scenario needs: a statement timeout (and a socket timeout
     * beyond it) far longer than the lock is held, so that the statement timeout does not end them first.
     */
    static final Map<String, String> LONG_WAITS = Map.of("POSTGRES_STATEMENT_TIMEOUT", "60s",
            "POSTGRES_SOCKET_TIMEOUT", "90");

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        Duration shutdownTimeout = run.configuredDuration("quarkus.shutdown.timeout");
        String database = run.createDatabase(run.name());
        ServiceLaunch launch = run.launch(database, LONG_WAITS);
        // every statement on the users table waits on the lock: the slow requests and each steady client's request,
        // as many as the pool has connections for
        int waitingOnTheLock = Math.min(SLOW_REQUESTS + STEADY_CLIENTS, run.poolMaxSize(launch));
        ServiceProcess service = run.start(launch, run.name());
        List<MixedLoad.Sample> steady;
        List<Http.Answer> slow;
        List<Http.Answer> late;
        boolean slowWaiting;
        boolean stoppingLogged;
        OptionalInt exit;
        long terminated;
        long released;
        long exitedMillis;
        long firstId;
        try {
            long[] ids = run.seedUsers(database, "seed", 50);
            firstId = ids[0];
            Http http = new Http(service.baseUrl());
            try (MixedLoad load = new MixedLoad(http, STEADY_CLIENTS, "steady-", ids, 5)) {
                load.start();
                FaultRun.pause(Duration.ofSeconds(2));
                List<CompletableFuture<Http.Answer>> slowInFlight;
                List<CompletableFuture<Http.Answer>> lateInFlight = List.of();
                try (FaultRun.TableLock lock = run.lockUsers(database)) {
                    slowInFlight = IntStream.range(0, SLOW_REQUESTS).mapToObj(i -> i % 2 == 0
                            ? http.send("POST", "/users", Http.userJson("slow-" + i + "@example.com"))
                            : http.send("GET", "/users/" + ids[0], null)).toList();
                    slowWaiting = FaultRun.await(() -> run.serviceSessions(database, lock).waitingOnLock()
                            >= waitingOnTheLock);
                    terminated = System.nanoTime();
                    service.signalTerminate();
                    run.out().println("  SIGTERM sent, " + SLOW_REQUESTS + " slow requests in flight");
                    stoppingLogged = FaultRun.await(() -> FaultRun.logged(service, STOPPING_LOGGED));
                    if (stoppingLogged) {
                        lateInFlight = IntStream.range(0, LATE_REQUESTS).mapToObj(i -> http.send("POST", "/users",
                                Http.userJson("late-" + i + "@example.com"))).toList();
                        // refused while the slow requests still hold their connections
                        CompletableFuture.allOf(lateInFlight.toArray(CompletableFuture[]::new)).join();
                    }
                }
                released = System.nanoTime();
                slow = slowInFlight.stream().map(CompletableFuture::join).toList();
                late = lateInFlight.stream().map(CompletableFuture::join).toList();
                exit = service.awaitExit(shutdownTimeout.plusSeconds(10));
                exitedMillis = (System.nanoTime() - terminated) / 1_000_000;
                steady = load.stop();
            }
        } finally {
            service.killService();
        }

        // every steady client had its request waiting on the lock at the SIGTERM: all sent before it had arrived
        List<Http.Answer> accepted = steady.stream().filter(s -> s.sentNanos() < terminated)
                .map(MixedLoad.Sample::answer).toList();
        List<MixedLoad.Sample> afterSigterm = steady.stream().filter(s -> s.sentNanos() > terminated).toList();
        List<Http.Answer> afterSigtermAnswers = afterSigterm.stream().map(MixedLoad.Sample::answer).toList();
        verdict.figure("steady load accepted before the SIGTERM", Http.tally(accepted));
        verdict.figure("slow requests in flight at the SIGTERM", Http.tally(slow) + ", slowest "
                + Http.slowest(slow) + " ms");
        verdict.figure("requests sent during the shutdown", Http.tally(late) + " (new POSTs), "
                + Http.tally(afterSigtermAnswers) + " (steady load)");
        verdict.figure("exit", exit.isPresent() ? "code " + exit.getAsInt() + ", " + exitedMillis
                + " ms after the SIGTERM" : "still running " + exitedMillis + " ms after the SIGTERM: killed");

        Set<String> createdSlow = IntStream.range(0, SLOW_REQUESTS).filter(i -> i % 2 == 0)
                .filter(i -> slow.get(i).status() == 201).mapToObj(i -> "slow-" + i + "@example.com")
                .collect(Collectors.toSet());
        Set<String> stored = run.storedEmails(database, "slow-").keySet();
        long storedLate = run.storedEmails(database, "late-").size();
        Set<String> storedSteady = run.storedEmails(database, "steady-").keySet();
        verdict.check(slowWaiting && stoppingLogged, "before the SIGTERM the slow requests and the steady load wait "
                + "on the lock, and after it the service logs that it is stopping");
        verdict.check(slow.stream().allMatch(answer -> answer.status() == 200 || answer.status() == 201)
                && stored.equals(createdSlow), "the requests in flight complete (200 or 201), and their users are "
                + "stored");
        verdict.check(!accepted.isEmpty() && accepted.stream().allMatch(answer -> answer.answered()
                && answer.status() < 500), "no 5xx and no lost answer for a request accepted before the SIGTERM");
        verdict.check(late.size() == LATE_REQUESTS && late.stream().allMatch(GracefulShutdownTest::isStoppingRefusal)
                && storedLate == 0, "new requests during the shutdown get the 503 problem with Retry-After and "
                + "Connection: close, and none is stored");
        // Once the slow requests are done the service closes its port; a connection it accepted at that moment is
        // closed without an answer (EOF or reset, Netty: "Failed to register an accepted channel"). That is at most
        // the one request each steady client has in flight then, and it was not processed: none of those POSTs may
        // be stored. Before that moment no request may go unanswered.
        List<MixedLoad.Sample> caughtByTheClosing = afterSigterm.stream().filter(s -> s.answer().status()
                == Http.NO_ANSWER && s.sentNanos() + s.answer().millis() * 1_000_000 >= released).toList();
        List<MixedLoad.Sample> notRefused = afterSigterm.stream().filter(s -> !isStoppingRefusal(s.answer())
                && s.answer().status() != Http.REFUSED && !caughtByTheClosing.contains(s)).toList();
        verdict.figure("steady requests on a connection the closing port cut off", caughtByTheClosing.size()
                + " (no answer, after the slow requests were released)");
        notRefused.stream().limit(5).forEach(s -> run.out().printf("    %s to a %s sent %d ms after the SIGTERM, "
                + "after %d ms: %s%n", Http.statusName(s.answer()), s.operation(), (s.sentNanos() - terminated)
                / 1_000_000, s.answer().millis(), s.answer().body().lines().findFirst().orElse("")));
        verdict.check(!afterSigterm.isEmpty() && notRefused.isEmpty() && caughtByTheClosing.size() <= STEADY_CLIENTS
                && afterSigterm.stream()
                .noneMatch(s -> s.email() != null && storedSteady.contains(s.email())), "the steady load after the "
                + "SIGTERM gets the 503 problem, or as the port closes a refused connection (or no answer, at most "
                + "once per client); never a 500, never an answer lost while the service runs; none of its POSTs "
                + "is stored");
        verdict.check(exit.isPresent() && exitedMillis <= shutdownTimeout.toMillis(),
                "the process exits by itself within the shutdown timeout (" + shutdownTimeout.toSeconds() + " s)");
        verdict.check(exit.isPresent() && (exit.getAsInt() == 0 || exit.getAsInt() == 143),
                "the exit code says a normal stop (0, or 143 for SIGTERM)");

        withShutdownDelay(run, verdict, database, firstId, shutdownTimeout);
    }

    /**
     * SIGTERM to a service launched with the manifest's QUARKUS_SHUTDOWN_DELAY: once the service has logged that it
     * is stopping and readiness says DOWN, a request is still served; a request sent then is stuck on a lock until
     * after the delay; a new request after the delay (counted from the log line, which comes after the delay began)
     * is refused with the 503 problem, while the stuck one still completes.
     */
    private void withShutdownDelay(FaultRun run, Verdict verdict, String database, long id,
            Duration shutdownTimeout) throws Exception {
        Duration delay = run.configuredDuration("quarkus.kubernetes.env.vars.quarkus-shutdown-delay");
        Map<String, String> environment = new HashMap<>(LONG_WAITS);
        environment.put("QUARKUS_SHUTDOWN_DELAY", delay.toSeconds() + "S");
        ServiceLaunch launch = run.launch(database, environment);
        ServiceProcess service = run.start(launch, run.name() + "-delay");
        Http.Answer duringDelay = null;
        boolean stoppingLogged;
        boolean readinessDown = false;
        boolean stuckWaiting = false;
        Http.Answer stuck = null;
        Http.Answer afterDelay = null;
        OptionalInt exit;
        long exitedMillis;
        try {
            Http http = new Http(service.baseUrl());
            Http management = new Http(service.managementUrl());
            long terminated = System.nanoTime();
            service.signalTerminate();
            stoppingLogged = FaultRun.await(() -> FaultRun.logged(service, STOPPING_LOGGED));
            long stoppingSeen = System.nanoTime();
            if (stoppingLogged) {
                readinessDown = FaultRun.await(() -> management.get(ServiceProcess.READINESS).status() == 503);
                duringDelay = http.get("/users/" + id);
                CompletableFuture<Http.Answer> stuckInFlight;
                try (FaultRun.TableLock lock = run.lockUsers(database)) {
                    stuckInFlight = http.send("GET", "/users/" + id, null);
                    stuckWaiting = FaultRun.await(() -> run.serviceSessions(database, lock).waitingOnLock() >= 1);
                    // the delay began before the line was logged, so it has surely ended by then
                    FaultRun.pause(Duration.ofNanos(Math.max(0,
                            stoppingSeen + delay.toNanos() - System.nanoTime())));
                    afterDelay = http.get("/users/" + id);
                }
                stuck = stuckInFlight.join();
            }
            exit = service.awaitExit(shutdownTimeout.plus(delay).plusSeconds(10));
            exitedMillis = (System.nanoTime() - terminated) / 1_000_000;
        } finally {
            service.killService();
        }
        String name = "with QUARKUS_SHUTDOWN_DELAY=" + launch.environment().get("QUARKUS_SHUTDOWN_DELAY");
        String exited = exit.isPresent() ? "exit code " + exit.getAsInt() + " " + exitedMillis
                + " ms after the SIGTERM" : "still running " + exitedMillis + " ms after the SIGTERM: killed";
        if (!stoppingLogged) {
            verdict.figure(name, "the service never logged that it was stopping; " + exited);
            verdict.check(false, "after the SIGTERM the service logs that it is stopping");
            return;
        }
        String delayed = afterDelay.connection().isEmpty() ? "" : " (Connection: " + afterDelay.connection() + ")";
        verdict.figure(name, "once stopping was logged and readiness " + (readinessDown ? "said DOWN" : "never said "
                + "DOWN") + ", a GET " + Http.statusName(duringDelay) + "; a GET sent then and stuck on a lock "
                + Http.statusName(stuck) + " after " + stuck.millis() + " ms; after the delay a GET "
                + Http.statusName(afterDelay) + delayed + "; " + exited);
        verdict.check(readinessDown && duringDelay.status() == 200,
                "during the shutdown delay requests are served while readiness reports DOWN");
        verdict.check(stuckWaiting && isStoppingRefusal(afterDelay) && stuck.status() == 200, "after the delay a "
                + "new request gets the 503 problem, while one accepted during the delay completes (200)");
        verdict.check(exit.isPresent() && (exit.getAsInt() == 0 || exit.getAsInt() == 143)
                && exitedMillis <= delay.plus(shutdownTimeout).toMillis(), "the process exits normally within the "
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
