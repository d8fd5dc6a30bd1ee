package org.acme.http;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers a request whose body has not arrived in full within {@code http.request-body-deadline} of its headers with
 * a 408 problem, and closes its connection. {@code quarkus.http.read-timeout} only bounds the pause between two
 * reads: a body dribbled a byte every few seconds would hold its connection for as long as its client likes, and
 * enough of them would take every connection the server allows.
 */
@Singleton
public class RequestBodyDeadline {

    /** After {@link RequestBodyLimit}: a body refused for its declared length needs no deadline. */
    static final int PRIORITY = RequestBodyLimit.PRIORITY - 1;

    private final Duration deadline;

    RequestBodyDeadline(@ConfigProperty(name = "http.request-body-deadline") Duration deadline) {
        this.deadline = deadline;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            if (hasBody(request) && !request.isEnded()) {
                long timer = context.vertx().setTimer(deadline.toMillis(), expired -> {
                    if (!request.isEnded() && !context.response().ended()) {
                        String problem = new JsonObject()
                                .put("status", 408)
                                .put("title", "Request Timeout")
                                .put("detail", "The request body did not arrive in full within "
                                        + deadline.toSeconds() + " s")
                                .put("instance", request.path())
                                .encode();
                        context.response()
                                .setStatusCode(408)
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(problem)
                                .onComplete(sent -> request.connection().close());
                    }
                });
                context.addEndHandler(done -> context.vertx().cancelTimer(timer));
            }
            context.next();
        }, PRIORITY);
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.trim().equals("0") || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }
}
