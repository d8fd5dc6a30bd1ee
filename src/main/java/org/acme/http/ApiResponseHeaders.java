package org.acme.http;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * Two headers on every answer of the API's port: {@code X-Content-Type-Options: nosniff}, so that no browser takes a
 * JSON body (which holds what clients wrote) for HTML or script, and {@code Cache-Control: no-store}, so that no
 * browser or shared cache keeps user data. They are set just before the headers go out, whatever wrote the answer:
 * a resource, a problem mapper, Quarkus or Vert.x (a 404, a 405, a request failed before routing), or the filters of this package (which also set them
 * themselves, see {@link FilterProblems}; {@link RefuseRequestsWhileStopping} runs before any filter). A resource that
 * sets its own {@code Cache-Control} keeps it.
 * <p>
 * What Vert.x answers below the router (a malformed request line, headers over the limit) carries neither: no data
 * of the service is in those answers.
 */
@Singleton
public class ApiResponseHeaders {

    /** First of the filters: the headers are in place whichever filter or handler answers. */
    static final int PRIORITY = Integer.MAX_VALUE;

    static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    static final String CACHE_CONTROL = "Cache-Control";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerResponse response = context.response();
            context.addHeadersEndHandler(ending -> set(response));
            context.next();
        }, PRIORITY);
    }

    /**
     * A request that Vert.x Web fails before any route runs (no {@code Host}, an HTTP/2 preface sent to this HTTP/1.1
     * port) goes to the failure handlers only, Quarkus's last: this one, first of them, sets the headers.
     */
    void registerForFailures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (!context.response().headWritten()) {
                set(context.response());
            }
            context.next();
        });
    }

    /** Sets both on {@code response}, leaving a {@code Cache-Control} that is already there. */
    static HttpServerResponse set(HttpServerResponse response) {
        MultiMap headers = response.headers();
        headers.set(CONTENT_TYPE_OPTIONS, "nosniff");
        if (!headers.contains(CACHE_CONTROL)) {
            headers.set(CACHE_CONTROL, "no-store");
        }
        return response;
    }
}
