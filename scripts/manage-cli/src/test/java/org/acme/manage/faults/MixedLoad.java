package org.acme.manage.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady traffic of reads and writes from a few clients, each sending its next request as soon as the last one is
 * answered (after a short pause): GET by id of an existing user, POST of a new, unique email (with an
 * Idempotency-Key of its own, so that it can be sent again safely), and a page of the list. Every request is kept as a
 * {@link Sample}, to be judged against what happened to the database meanwhile.
 */
final class MixedLoad implements AutoCloseable {

    /** One request: when it was sent (System.nanoTime), what it was, what came back; a POST's email and key. */
    record Sample(long sentNanos, String operation, Http.Answer answer, String email, String idempotencyKey) {
    }

    private final Http http;
    private final int clients;
    private final String emailPrefix;
    private final long[] idRange;
    private final long pauseMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService pool;

    /**
     * @param idRange the smallest and largest id of users that exist before the load
     */
    MixedLoad(Http http, int clients, String emailPrefix, long[] idRange, long pauseMillis) {
        this.http = http;
        this.clients = clients;
        this.emailPrefix = emailPrefix;
        this.idRange = idRange.clone();
        this.pauseMillis = pauseMillis;
    }

    void start() {
        running.set(true);
        pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(this::client);
        }
    }

    /** Stops sending, waits for the requests in flight, and returns every sample. */
    List<Sample> stop() {
        running.set(false);
        pool.shutdown();
        try {
            pool.awaitTermination(Http.REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        if (pool != null && !pool.isTerminated()) {
            stop();
        }
    }

    private void client() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long n = 0;
        while (running.get()) {
            long sent = System.nanoTime();
            switch ((int) (n++ % 3)) {
                case 0 -> {
                    long id = random.nextLong(idRange[0], idRange[1] + 1);
                    samples.add(new Sample(sent, "GET", http.get("/users/" + id), null, null));
                }
                case 1 -> {
                    String email = emailPrefix + sequence.incrementAndGet() + "@example.com";
                    String key = UUID.randomUUID().toString();
                    samples.add(new Sample(sent, "POST", http.post("/users", Http.userJson(email), key), email, key));
                }
                default -> samples.add(new Sample(sent, "LIST",
                        http.get("/users?page=" + random.nextInt(5) + "&size=20"), null, null));
            }
            FaultRun.pause(java.time.Duration.ofMillis(pauseMillis));
        }
    }
}
