package org.acme.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.acme.problem.Problems;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

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

    /**
     * Before {@link RequestBodyLimit}, which reads a chunked body itself: that read is bounded too. (A body refused
     * for its declared length ends its response at once, which cancels the timer.)
     */
    static final int PRIORITY = RequestBodyLimit.PRIORITY + 1;

    private static final String DECIDED = RequestBodyDeadline.class.getName() + ".decided";
    private static final String READ_TIMED_OUT = "Read timed out";

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
                        FilterProblems.answer(context, 408, "Request Timeout", detail())
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

    private String detail() {
        return "The request body did not arrive in full within " + deadline.toSeconds() + " s";
    }

    /**
     * A body that did not arrive, as its reader found out: a 408 in the log, never a 500 or an unreadable body. The
     * answer has no body, so that nothing is written to a connection that has had its answer or has been closed;
     * only the read timeout's 408 is logged here (the deadline's was logged as it was sent).
     */
    @ServerExceptionMapper(priority = Problems.OVER_DEFAULT_MAPPERS)
    public Response notArrived(BodyNotArrived e, UriInfo uri) {
        if (!e.answered) {
            Problems.log(HttpProblem.builder()
                    .withStatus(Response.Status.REQUEST_TIMEOUT)
                    .withTitle(Response.Status.REQUEST_TIMEOUT.getReasonPhrase())
                    .withDetail(e.getMessage())
                    .withInstance(URI.create(uri.getPath()))
                    .build(), uri.getPath());
        }
        return Response.status(Response.Status.REQUEST_TIMEOUT).build();
    }

    /**
     * The reader of a body that did not arrive in time; {@code answered} when the deadline has sent its 408, and not
     * when the read timed out first or the client went away (Quarkus has closed the connection then).
     */
    static final class BodyNotArrived extends RuntimeException {
        final boolean answered;

        BodyNotArrived(String detail, boolean answered, Throwable cause) {
            super(detail, cause, false, false);
            this.answered = answered;
        }
    }

    /**
     * Marks a body as arrived once the resource's reader has taken it, unless the deadline was there first. A read
     * that waits {@code quarkus.http.read-timeout} for the next bytes before the deadline comes (only when the read
     * timeout is the shorter) fails as a 408 too: Quarkus closes the connection without an answer then, and the log
     * says 408 rather than 500.
     */
    @Provider
    public static class BodyRead implements ReaderInterceptor {

        @Inject
        CurrentVertxRequest current;

        @Inject
        RequestBodyDeadline deadline;

        @ConfigProperty(name = "quarkus.http.read-timeout")
        Duration readTimeout;

        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
            RoutingContext request = current.getCurrent();
            AtomicBoolean decided = request.get(DECIDED);
            Object body;
            try {
                body = context.proceed();
            } catch (IOException e) {
                if (decided == null) {
                    throw e;
                }
                if (!decided.compareAndSet(false, true)) {
                    // cut off by the deadline: the client has its 408 already
                    throw new BodyNotArrived(deadline.detail(), true, e);
                }
                if (e instanceof JsonProcessingException || request.response().ended()) {
                    // a body that is not the JSON expected (a 400 problem), or one Quarkus answered itself (its 413)
                    throw e;
                }
                // the message is Quarkus's (VertxInputStream), and only chooses the words
                throw new BodyNotArrived(READ_TIMED_OUT.equals(e.getMessage())
                        ? "The request body stalled: nothing arrived for " + readTimeout.toSeconds() + " s"
                        : "The request body did not arrive in full: its connection closed", false, e);
            }
            if (decided != null && !decided.compareAndSet(false, true)) {
                // the 408 is already on its way and the connection closing: this request must change nothing
                throw new BodyNotArrived(deadline.detail(), true, null);
            }
            return body;
        }
    }
}
