package org.acme.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The filter on a Vert.x router of its own, in front of a handler that answers "served", with a clock that the test
 * sets: System.nanoTime() may take any value, negative ones and ones close to overflowing included.
 */
class RefuseRequestsWhileStoppingTest {

    private static final Duration DELAY = Duration.ofSeconds(5);
    private static final String SERVED = "served";

    private static Vertx vertx;

    private final AtomicLong clock = new AtomicLong();
    private HttpServer server;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }

    @ParameterizedTest
    @ValueSource(longs = { Long.MIN_VALUE, -2, 0, Long.MAX_VALUE })
    void requestsAreServedUntilTheServiceIsToldToStopWhateverTheClockSays(long now) throws Exception {
        clock.set(now);
        serve(new RefuseRequestsWhileStopping(Optional.empty(), clock::get));

        assertServed(get());
    }

    @ParameterizedTest
    @ValueSource(longs = { Long.MIN_VALUE, -2, 0, Long.MAX_VALUE })
    void withoutADelayEveryRequestIsRefusedOnceStopping(long now) throws Exception {
        clock.set(now);
        RefuseRequestsWhileStopping filter = new RefuseRequestsWhileStopping(Optional.empty(), clock::get);
        serve(filter);

        filter.stopping(new ShutdownDelayInitiatedEvent());

        assertRefused(get());
        clock.addAndGet(DELAY.toNanos());
        assertRefused(get());
    }

    /** From a clock close to overflowing, the deadline itself overflows. */
    @ParameterizedTest
    @ValueSource(longs = { Long.MIN_VALUE, -2, 0, Long.MAX_VALUE - 1 })
    void duringTheDelayRequestsAreServedAndOnceItHasPassedRefused(long now) throws Exception {
        clock.set(now);
        RefuseRequestsWhileStopping filter = new RefuseRequestsWhileStopping(Optional.of(DELAY), clock::get);
        serve(filter);

        filter.stopping(new ShutdownDelayInitiatedEvent());
        assertServed(get());
        clock.addAndGet(DELAY.toNanos() - 1);
        assertServed(get());

        clock.incrementAndGet();
        assertRefused(get());
        clock.addAndGet(DELAY.toNanos());
        assertRefused(get());
    }

    private void serve(RefuseRequestsWhileStopping filter) throws Exception {
        Router router = Router.router(vertx);
        filter.refuseFirst(router);
        router.route().handler(request -> request.response().end(SERVED));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    private Response get() {
        return given().baseUri("http://127.0.0.1").port(server.actualPort()).get("/users");
    }

    private static void assertServed(Response response) {
        response.then().statusCode(200).body(equalTo(SERVED));
    }

    /** The refusal, as any client sees it. */
    static void assertRefused(Response response) {
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .header("Connection", "close")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", equalTo("The service is stopping; try again"));
    }
}
