package org.acme.problem;

import java.net.URI;
import java.util.Locale;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkiverse.resteasy.problem.ExceptionMapperBase;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;

/** The problem details (RFC 9457) that the API answers with, and how to recognise the failures behind them. */
public final class Problems {

    /** Ahead of the generic mappers that quarkus-resteasy-problem registers (at priority 999). */
    public static final int OVER_DEFAULT_MAPPERS = 900;

    /**
     * The {@code type} of a problem that {@code about:blank} (the status alone) does not describe. Tag URIs
     * (RFC 4151): names that no one needs to serve; docs/api.md says what each means.
     */
    public static final URI PAGE_TOO_DEEP = URI.create("tag:acme.org,2026:users/problems/page-too-deep");

    private Problems() {
    }

    /** How a message names an entity: "order line" for {@code OrderLine}. */
    public static String words(Class<?> entityClass) {
        return words(entityClass.getName());
    }

    /** How a message names the entity of this (fully qualified, or simple) name. */
    public static String words(String entityName) {
        String simpleName = entityName.substring(entityName.lastIndexOf('.') + 1);
        return simpleName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    public static HttpProblem notFound(String detail) {
        return problem(Response.Status.NOT_FOUND, detail);
    }

    public static HttpProblem conflict(String detail) {
        return problem(Response.Status.CONFLICT, detail);
    }

    public static HttpProblem problem(Response.Status status, String detail) {
        return HttpProblem.builder()
                .withStatus(status)
                .withTitle(status.getReasonPhrase())
                .withDetail(detail)
                .build();
    }

    /** The response for {@code problem}, with the request's path as its {@code instance}. */
    public static Response answer(HttpProblem problem, UriInfo uri) {
        return HttpProblem.builder(problem).withInstance(URI.create(uri.getPath())).build().toResponse();
    }

    /**
     * What quarkus-resteasy-problem answers for an exception that no mapper claims (its DefaultExceptionMapper): a
     * bare 500, logged at ERROR with the stack trace. For a mapper that claims a type only for some of its causes.
     */
    public static Response unexpected(Throwable failure, UriInfo uri) {
        return asIfThrown(HttpProblem.valueOf(Response.Status.INTERNAL_SERVER_ERROR), failure, uri);
    }

    /**
     * The response for {@code problem} as if it had been thrown instead of {@code failure}: completed and logged by
     * quarkus-resteasy-problem's post-processors (a 4xx at INFO, a 5xx at ERROR with the stack trace).
     */
    public static Response asIfThrown(HttpProblem problem, Throwable failure, UriInfo uri) {
        return ExceptionMapperBase.postProcessorsRegistry.applyPostProcessing(problem, ProblemContext.of(failure, uri))
                .toResponse();
    }

    /**
     * Logs {@code problem}, answered to {@code path} below Quarkus REST (a Vert.x filter), as quarkus-resteasy-problem
     * logs the problems that it maps: one line of the http-problem category, 4xx at INFO.
     */
    public static void log(HttpProblem problem, String path) {
        ExceptionMapperBase.postProcessorsRegistry.applyPostProcessing(problem, ProblemContext.of(null, path));
    }
}
