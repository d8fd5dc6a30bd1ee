package org.acme.http;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a body over {@code quarkus.http.limits.max-body-size} with a problem document: a declared one before
 * reading it, a chunked one (no Content-Length) as soon as it passes the limit. The HTTP layer would refuse either
 * anyway, but with an empty 413 that a client cannot tell apart from a proxy's, and for a chunked body only once the
 * resource's reader hits the limit, which it then logs as a 500 with its stack trace.
 * <p>
 * A chunked body is therefore read here, counted, and handed to the resource whole (as Vert.x's BodyHandler does):
 * at most the limit is held in memory, as Quarkus REST would hold it.
 */
@Singleton
public class RequestBodyLimit {

    static final int PRIORITY = 1000;

    private final long maxBodySize;

    RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && isOver(declared)) {
                refuse(context);
            } else if (declared == null && !request.isEnded()) {
                readCounting(context);
            } else {
                context.next();
            }
        }, PRIORITY);
    }

    private void readCounting(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        long[] dropped = { 0 };
        request.handler(chunk -> {
            if (!context.response().ended()) {
                body.appendBuffer(chunk);
                if (body.length() > maxBodySize) {
                    refuse(context);
                }
            } else if ((dropped[0] += chunk.length()) > maxBodySize) {
                // a client that goes on sending long after its answer: no need to hear the rest
                request.connection().close();
            }
        });
        request.endHandler(ended -> {
            if (!context.response().ended()) {
                context.setBody(body);
                context.next();
            } else if (context.response().getStatusCode() == 413) {
                // read to its end first, so that closing sends no reset that could cost the client its answer
                request.connection().close();
            }
        });
        request.resume();
    }

    private void refuse(RoutingContext context) {
        FilterProblems.answer(context, 413, "Content Too Large",
                "The request body is larger than the limit of " + maxBodySize + " bytes");
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
