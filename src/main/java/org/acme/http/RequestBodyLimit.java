package org.acme.http;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

/**
 * Answers a declared body over {@code quarkus.http.limits.max-body-size} with a problem document before reading
 * it. The HTTP layer would refuse it anyway, but with an empty 413 that a client cannot tell apart from a proxy's.
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
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && isOver(declared)) {
                String problem = new JsonObject()
                        .put("status", 413)
                        .put("title", "Content Too Large")
                        .put("detail", "The request body is larger than the limit of " + maxBodySize + " bytes")
                        .put("instance", context.request().path())
                        .encode();
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem);
                return;
            }
            context.next();
        }, PRIORITY);
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
