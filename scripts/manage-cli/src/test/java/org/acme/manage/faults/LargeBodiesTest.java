package org.acme.manage.faults;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.acme.manage.harness.FreePort;
import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent POSTs with bodies at the 16 KiB limit (quarkus.http.limits.max-body-size): just under it, valid
 * JSON with an email far too long (a 400 problem), just over it (a 413 problem), and a few ordinary creates among
 * them. The service's heap is 64 MiB (the production JVM options): it must answer every one, stay up, log no
 * OutOfMemoryError, and store every user answered 201. Beside them, a few clients send the same bodies over
 * cleartext HTTP/2 with prior knowledge ({@link H2c}: no length declared, the body in DATA frames): each must be
 * refused (the API port speaks HTTP/1.1 only) and its connection closed, as fast as an HTTP/1.1 refusal.
 */
@FaultScenario
class LargeBodiesTest {

    static final int LIMIT = 16 * 1024;
    static final int CLIENTS = 64;
    static final Duration LOAD = Duration.ofSeconds(6);
    /** Every this many requests of a client is an ordinary create. */
    static final int CREATE_EVERY = 8;
    static final int H2C_CLIENTS = 4;
    /** How long an h2c attempt may take to be refused: a 413 of HTTP/1.1 comes before the body is read. */
    static final int H2C_BOUND_MILLIS = 10_000;

    /** {"email":"aaa…@example.com"} of exactly {@code size} bytes. */
    static String bodyOf(int size) {
        String json = Http.userJson("@example.com");
        return json.replace("\"@", "\"" + "a".repeat(size - json.length()) + "@");
    }

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        try (ServiceProcess service = run.start(run.launch(database), run.name())) {
            Http http = new Http(service.baseUrl());
            String under = bodyOf(LIMIT - 1);
            String over = bodyOf(LIMIT + 1);
            List<MixedLoad.Sample> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger sequence = new AtomicInteger();
            long rssBefore = service.rssKib().orElse(-1);
            long rssPeak = rssBefore;
            long end = System.nanoTime() + LOAD.toNanos();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    for (int n = 0; System.nanoTime() < end; n++) {
                        long sent = System.nanoTime();
                        if (n % CREATE_EVERY == 0) {
                            String email = "large-" + sequence.incrementAndGet() + "@example.com";
                            samples.add(new MixedLoad.Sample(sent, "POST", http.post("/users",
                                    Http.userJson(email)), email, null));
                        } else {
                            boolean isOver = n % 2 == 0;
                            samples.add(new MixedLoad.Sample(sent, isOver ? "OVER" : "UNDER",
                                    http.post("/users", isOver ? over : under), null, null));
                        }
                    }
                });
            }
            List<H2c.Outcome> h2c = Collections.synchronizedList(new ArrayList<>());
            ExecutorService h2cClients = Executors.newFixedThreadPool(H2C_CLIENTS);
            for (int c = 0; c < H2C_CLIENTS; c++) {
                h2cClients.submit(() -> {
                    for (int n = 0; System.nanoTime() < end; n++) {
                        h2c.add(H2c.post(FreePort.LOOPBACK, service.port(), (n % 2 == 0 ? over : under)
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), H2C_BOUND_MILLIS));
                    }
                });
            }
            h2cClients.shutdown();
            clients.shutdown();
            while (!clients.awaitTermination(200, TimeUnit.MILLISECONDS)) {
                rssPeak = Math.max(rssPeak, service.rssKib().orElse(-1));
            }
            h2cClients.awaitTermination(H2C_BOUND_MILLIS + 5_000L, TimeUnit.MILLISECONDS);
            List<H2c.Outcome> h2cOutcomes;
            synchronized (h2c) {
                h2cOutcomes = List.copyOf(h2c);
            }
            List<Http.Answer> underAnswers = answers(samples, "UNDER");
            List<Http.Answer> overAnswers = answers(samples, "OVER");
            List<Http.Answer> creates = answers(samples, "POST");
            List<Http.Answer> all = samples.stream().map(MixedLoad.Sample::answer).toList();
            long lost = run.lostWrites(database, "large-", samples);
            boolean outOfMemory = Files.readString(service.logFile()).contains("OutOfMemoryError");

            verdict.figure("just under the limit (" + under.length() + " bytes)", Http.tally(underAnswers));
            verdict.figure("just over the limit (" + over.length() + " bytes)", Http.tally(overAnswers));
            verdict.figure("ordinary creates", Http.tally(creates) + "; slowest of all " + Http.slowest(all)
                    + " ms, p99 " + Http.percentile(all, 99) + " ms");
            verdict.figure("over h2c (the same bodies, " + H2C_CLIENTS + " clients)", h2cOutcomes.size()
                    + " attempts: " + h2cOutcomes.stream().filter(H2c.Outcome::refused).count() + " refused and "
                    + "closed, " + h2cOutcomes.stream().filter(H2c.Outcome::http2).count() + " served over HTTP/2; "
                    + "slowest " + h2cOutcomes.stream().mapToLong(H2c.Outcome::millis).max().orElse(-1) + " ms; first "
                    + "bytes of the answers: " + h2cOutcomes.stream().map(H2c.Outcome::head).distinct().toList());
            verdict.figure("RSS", rssBefore / 1024 + " MiB before, peak " + rssPeak / 1024 + " MiB (heap at most "
                    + "64 MiB)");
            verdict.check(!underAnswers.isEmpty() && underAnswers.stream().allMatch(a -> a.isProblem()
                    && (a.status() == 400 || a.status() == 422)), "every body just under the limit gets a 400/422 "
                    + "problem");
            verdict.check(!overAnswers.isEmpty() && overAnswers.stream().allMatch(a -> a.isProblem()
                    && a.status() == 413), "every body just over the limit gets a 413 problem");
            verdict.check(!creates.isEmpty() && creates.stream().allMatch(a -> a.status() == 201),
                    "every ordinary create gets a 201");
            verdict.check(all.stream().allMatch(a -> a.answered() && a.status() < 500), "no 5xx, none without an "
                    + "answer");
            verdict.check(!h2cOutcomes.isEmpty() && h2cOutcomes.stream().allMatch(o -> o.refused()
                    && o.millis() < H2C_BOUND_MILLIS), "every h2c attempt is refused (no HTTP/2: the API port speaks "
                    + "HTTP/1.1 only) and its connection closed within " + H2C_BOUND_MILLIS / 1000 + " s");
            verdict.check(lost == 0, "every user answered 201 is stored (" + lost + " missing)");
            verdict.check(!outOfMemory, "no OutOfMemoryError in the service's log");
            FaultRun.checkAlive(service, verdict);
        }
    }

    private static List<Http.Answer> answers(List<MixedLoad.Sample> samples, String operation) {
        synchronized (samples) {
            return samples.stream().filter(s -> operation.equals(s.operation())).map(MixedLoad.Sample::answer)
                    .toList();
        }
    }
}
