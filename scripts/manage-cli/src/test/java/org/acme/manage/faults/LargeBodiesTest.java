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

import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent POSTs with bodies at the 16 KiB limit (quarkus.http.limits.max-body-size): just under it, valid
 * JSON with an email far too long (a 400 problem), just over it (a 413 problem), and a few ordinary creates among
 * them. The service's heap is 64 MiB (the production JVM options): it must answer every one, stay up, log no
 * OutOfMemoryError, and store every user answered 201.
 */
@FaultScenario
class LargeBodiesTest {

    static final int LIMIT = 16 * 1024;
    static final int CLIENTS = 64;
    static final Duration LOAD = Duration.ofSeconds(6);
    /** Every this many requests of a client is an ordinary create. */
    static final int CREATE_EVERY = 8;

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
            clients.shutdown();
            while (!clients.awaitTermination(200, TimeUnit.MILLISECONDS)) {
                rssPeak = Math.max(rssPeak, service.rssKib().orElse(-1));
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
