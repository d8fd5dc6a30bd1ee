package org.acme.shutdown;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
 * sending traffic here (see the README, "Going to production").
 */
@ApplicationScoped
public class RefuseRequestsWhileStopping {

    static final String STOPPING = """
            {"type":"about:blank","status":503,"title":"Service Unavailable",\
            "detail":"The service is stopping; try again"}""";

    private static final Logger LOG = Logger.getLogger(RefuseRequestsWhileStopping.class);

    private final Duration delay;
    private volatile long refuseFromNanos = Long.MAX_VALUE;

    RefuseRequestsWhileStopping(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.delay = delay.orElse(Duration.ZERO);
    }

    /** Fired first thing on shutdown, before the delay and before Quarkus waits for the running requests. */
    void stopping(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFromNanos = System.nanoTime() + delay.toNanos();
        LOG.infof("Stopping: new requests are refused with 503 in %d ms; running requests may finish",
                delay.toMillis());
    }

    void refuseFirst(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseWhenStopping);
    }

    private void refuseWhenStopping(RoutingContext request) {
        if (System.nanoTime() - refuseFromNanos < 0) {
            request.next();
            return;
        }
        request.response()
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.RETRY_AFTER, "1")
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(STOPPING);
    }
}
