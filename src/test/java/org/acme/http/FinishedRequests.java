package org.acme.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Counts the requests that Quarkus REST has finished with (their request scope ended): all that a request can log
 * has been logged by then, so a test can assert what was not.
 */
@Singleton
public class FinishedRequests {

    private final AtomicLong finished = new AtomicLong();

    void finished(@Observes @Destroyed(RequestScoped.class) Object scope) {
        finished.incrementAndGet();
    }

    public long count() {
        return finished.get();
    }

    /** Waits until more than {@code before} requests have finished; fails when they have not within {@code patience}. */
    public void awaitMoreThan(long before, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (finished.get() <= before) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the request did not finish within " + patience);
            }
            Thread.sleep(20);
        }
    }
}
