package org.acme.http;

import java.net.URI;

import org.acme.problem.Problems;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The problem documents that the Vert.x filters answer with, before a request reaches Quarkus REST. */
final class FilterProblems {

    private FilterProblems() {
    }

    /**
     * Answers {@code context} with a problem document, in the shape that Quarkus REST's problems have, and asks the
     * client to close the connection (its body, if any, is left unread); logged as Quarkus REST's problems are.
     */
    static Future<Void> answer(RoutingContext context, int status, String title, String detail) {
        String path = context.request().path();
        Problems.log(HttpProblem.builder()
                .withStatus(status)
                .withTitle(title)
                .withDetail(detail)
                .withInstance(URI.create(path))
                .build(), path);
        return ApiResponseHeaders.set(context.response())
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(new JsonObject()
                        .put("status", status)
                        .put("title", title)
                        .put("detail", detail)
                        .put("instance", path)
                        .encode());
    }
}
