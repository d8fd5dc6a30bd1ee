package org.acme.manage.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.acme.manage.harness.FreePort;
import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.TcpRelay;
import org.junit.jupiter.api.Test;

/**
 * A network partition between the service and PostgreSQL: the service connects through a {@link TcpRelay}, which
 * stops forwarding for {@link #SILENCE} without closing a socket, so that neither end hears anything, not even a
 * reset. Under load, a request may get a 503 problem, never a 500, and none waits longer than the driver's socket
 * timeout and the pool's acquisition timeout allow; readiness says DOWN meanwhile; afterwards requests succeed
 * within {@link #RECOVERY}, and every write answered 201 is stored.
 */
@FaultScenario
class NetworkSilenceTest {

    static final Duration SILENCE = Duration.ofSeconds(30);
    static final Duration RECOVERY = Duration.ofSeconds(10);
    /** Lower than production's 15 s, to keep the scenario short; the statement timeout stays below it. */
    static final int SOCKET_TIMEOUT_SECONDS = 5;
    static final String STATEMENT_TIMEOUT = "3s";
    /** quarkus.datasource.jdbc.acquisition-timeout. */
    static final int ACQUISITION_TIMEOUT_SECONDS = 5;
    /**
     * The longest a request may wait: a dead connection noticed (the socket timeout), then a new one waited for
     * (the acquisition timeout), and 2 s of slack for a busy machine (seen: 9.1 to 10.1 s).
     */
    static final Duration WAIT_BOUND = Duration.ofSeconds(SOCKET_TIMEOUT_SECONDS + ACQUISITION_TIMEOUT_SECONDS + 2);
    static final int CLIENTS = 6;

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        try (TcpRelay relay = TcpRelay.start(run.server().host(), run.server().port())) {
            ServiceLaunch launch = run.launch(database, Map.of("POSTGRES_HOSTNAME", FreePort.LOOPBACK,
                    "POSTGRES_PORT", String.valueOf(relay.port()), "POSTGRES_SOCKET_TIMEOUT",
                    String.valueOf(SOCKET_TIMEOUT_SECONDS), "POSTGRES_STATEMENT_TIMEOUT", STATEMENT_TIMEOUT));
            try (ServiceProcess service = run.start(launch, run.name())) {
                measure(run, verdict, database, relay, service, launch.environment());
            }
        }
    }

    private static void measure(FaultRun run, Verdict verdict, String database, TcpRelay relay,
            ServiceProcess service, Map<String, String> environment) throws Exception {
        long[] ids = run.seedUsers(database, "seed", 100);
        Http management = new Http(service.managementUrl());
        List<MixedLoad.Sample> samples;
        List<MixedLoad.Sample> readinessDuringSilence = new ArrayList<>();
        long silenced;
        long resumed;
        long readyAgain = -1;
        try (MixedLoad load = new MixedLoad(new Http(service.baseUrl()), CLIENTS, "silence-", ids, 5)) {
            load.start();
            FaultRun.pause(Duration.ofSeconds(3));
            silenced = System.nanoTime();
            relay.silence();
            while (System.nanoTime() - silenced < SILENCE.toNanos()) {
                long sent = System.nanoTime();
                readinessDuringSilence.add(new MixedLoad.Sample(sent, "READY",
                        management.get(ServiceProcess.READINESS), null, null));
                FaultRun.pause(Duration.ofSeconds(1));
            }
            relay.resume();
            resumed = System.nanoTime();
            while (readyAgain < 0 && System.nanoTime() - resumed < RECOVERY.toNanos() * 2) {
                if (management.get(ServiceProcess.READINESS).status() == 200) {
                    readyAgain = System.nanoTime() - resumed;
                }
                FaultRun.pause(Duration.ofMillis(100));
            }
            FaultRun.pause(Duration.ofSeconds(3));
            samples = load.stop();
        }
        List<Http.Answer> answers = samples.stream().map(MixedLoad.Sample::answer).toList();
        List<Http.Answer> duringSilence = samples.stream().filter(s -> s.sentNanos() >= silenced
                && s.sentNanos() < resumed).map(MixedLoad.Sample::answer).toList();
        long recovery = samples.stream().filter(s -> s.answer().succeeded())
                .mapToLong(s -> s.sentNanos() + s.answer().millis() * 1_000_000 - resumed)
                .filter(sinceResume -> sinceResume >= 0).min().orElse(Long.MAX_VALUE);
        List<Http.Answer> readinessBeforeResume = readinessDuringSilence.stream()
                .filter(s -> s.sentNanos() + s.answer().millis() * 1_000_000 < resumed)
                .map(MixedLoad.Sample::answer).toList();
        long lost = run.lostWrites(database, "silence-", samples);

        verdict.figure("load", CLIENTS + " clients of GET, POST and list, socket timeout "
                + environment.get("POSTGRES_SOCKET_TIMEOUT") + " s, statement timeout "
                + environment.get("POSTGRES_STATEMENT_TIMEOUT") + "; " + Http.tally(answers)
                + ", slowest " + Http.slowest(answers) + " ms");
        verdict.figure("sent during the silence", Http.tally(duringSilence) + ", slowest "
                + Http.slowest(duringSilence) + " ms");
        verdict.figure("readiness during the silence", Http.tally(readinessBeforeResume) + "; UP again "
                + (readyAgain < 0 ? "never" : readyAgain / 1_000_000 + " ms") + " after forwarding resumed");
        verdict.figure("first success after forwarding resumed", recovery == Long.MAX_VALUE ? "none"
                : recovery / 1_000_000 + " ms");
        verdict.check(answers.stream().allMatch(a -> a.succeeded() || a.isRetryableProblem()),
                "every request succeeds or gets a 503 problem with Retry-After: no 500, none without an answer");
        verdict.check(duringSilence.stream().anyMatch(Http.Answer::isRetryableProblem), "the silence bit: "
                + "requests sent during it got 503");
        verdict.check(Http.slowest(answers) <= WAIT_BOUND.toMillis(), "no request waits longer than "
                + WAIT_BOUND.toSeconds() + " s (socket timeout, then acquisition timeout, and 2 s of slack)");
        verdict.check(!readinessBeforeResume.isEmpty() && readinessBeforeResume.stream()
                .allMatch(a -> a.status() == 503), "readiness says DOWN (503) throughout the silence");
        verdict.check(readyAgain >= 0 && readyAgain <= RECOVERY.toNanos(), "readiness UP within "
                + RECOVERY.toSeconds() + " s after forwarding resumed");
        verdict.check(recovery <= RECOVERY.toNanos(), "a request succeeds within " + RECOVERY.toSeconds()
                + " s after forwarding resumed");
        verdict.check(lost == 0, "every write answered 201 is stored (" + lost + " missing)");
        FaultRun.checkAlive(service, verdict);
    }
}
