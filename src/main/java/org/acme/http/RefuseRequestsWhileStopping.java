package org.acme.http;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Once the service is told to stop (SIGTERM) and its shutdown delay ({@code quarkus.shutdown.delay}, none by default)
 * has passed, a request that arrives gets a 503 problem and its connection is closed, so that the client retries
 * elsewhere; requests already running finish, as Quarkus waits for them up to {@code quarkus.shutdown.timeout}.
 * Left alone, Quarkus would go on serving new requests until the running ones are done.
 * <p>
 * During the delay readiness is already DOWN and requests are still served: the time a load balancer needs to stop
 * sending traffic here (see docs/production.md).
 */
@ApplicationScoped
public class RefuseRequestsWhileStopping {

    static final String STOPPING = """
            {"type":"about:blank","status":503,"title":"Service Unavailable",\
            "detail":"The service is stopping; try again"}""";

    private static final Logger LOG = Logger.getLogger(RefuseRequestsWhileStopping.class);

    private final Duration delay;
    private final LongSupplier nanoTime;
    /**
     * When to refuse from, in {@link System#nanoTime()} terms; null until the service is told to stop. No number can
     * stand for "never": nanoTime may be negative, and its difference with any sentinel may overflow.
     */
    private volatile Long refuseFromNanos;

    @Inject
    RefuseRequestsWhileStopping(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this(delay, System::nanoTime);
    }

    RefuseRequestsWhileStopping(Optional<Duration> delay, LongSupplier nanoTime) {
        this.delay = delay.orElse(Duration.ZERO);
        this.nanoTime = nanoTime;
    }

    /** Fired first thing on shutdown, before the delay and before Quarkus waits for the running requests. */
    void stopping(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFromNanos = nanoTime.getAsLong() + delay.toNanos();
        LOG.infof("Stopping: new requests are refused with 503 in %d ms; running requests may finish",
                delay.toMillis());
    }

    void refuseFirst(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseWhenStopping);
    }

    private void refuseWhenStopping(RoutingContext request) {
        Long refuseFrom = refuseFromNanos;
        // a difference, not a comparison of the two values: nanoTime + delay may overflow
        if (refuseFrom == null || nanoTime.getAsLong() - refuseFrom < 0) {
            request.next();
            return;
        }
        // before every filter, ApiResponseHeaders' too: the headers are set here
        ApiResponseHeaders.set(request.response())
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.RETRY_AFTER, "1")
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(STOPPING);
    }
}
