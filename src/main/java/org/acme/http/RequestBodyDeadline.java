package org.acme.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers a request whose body has not arrived in full within {@code http.request-body-deadline} of its headers with
 * a 408 problem, and closes its connection. {@code quarkus.http.read-timeout} only bounds the pause between two
 * reads: a body dribbled a byte every few seconds would hold its connection for as long as its client likes, and
 * enough of them would take every connection the server allows.
 * <p>
 * A body has arrived once Vert.x saw its end, or once the resource's reader took all of it ({@link BodyRead}: Jackson
 * stops at the end of the JSON value, so the request may never end in Vert.x's eyes while the resource runs). The
 * deadline and the reader race for one flag: either the client gets its 408 and the request is not processed, or the
 * request is processed and no 408 is sent, however long the answer takes.
 */
@Singleton
public class RequestBodyDeadline {

    /** After {@link RequestBodyLimit}: a body refused for its declared length needs no deadline. */
    static final int PRIORITY = RequestBodyLimit.PRIORITY - 1;

    private static final String DECIDED = RequestBodyDeadline.class.getName() + ".decided";

    private final Duration deadline;

    RequestBodyDeadline(@ConfigProperty(name = "http.request-body-deadline") Duration deadline) {
        this.deadline = deadline;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            if (hasBody(request) && !request.isEnded()) {
                AtomicBoolean decided = new AtomicBoolean();
                context.put(DECIDED, decided);
                long timer = context.vertx().setTimer(deadline.toMillis(), expired -> {
                    if (!request.isEnded() && !context.response().ended() && decided.compareAndSet(false, true)) {
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

    /** Marks a body as arrived once the resource's reader has taken it, unless the deadline was there first. */
    @Provider
    public static class BodyRead implements ReaderInterceptor {

        @Inject
        CurrentVertxRequest current;

        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
            AtomicBoolean decided = current.getCurrent().get(DECIDED);
            Object body;
            try {
                body = context.proceed();
            } catch (IOException e) {
                if (decided != null && decided.get()) {
                    // cut off by the deadline: the client has its 408 already
                    throw new WebApplicationException(e, Response.Status.REQUEST_TIMEOUT);
                }
                throw e;
            }
            if (decided != null && !decided.compareAndSet(false, true)) {
                // the 408 is already on its way and the connection closing: this request must change nothing
                throw new WebApplicationException(Response.Status.REQUEST_TIMEOUT);
            }
            return body;
        }
    }
}
