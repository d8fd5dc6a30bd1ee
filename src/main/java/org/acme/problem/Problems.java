package org.acme.problem;

import jakarta.ws.rs.core.Response;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkiverse.resteasy.problem.HttpProblem;

/** The problem details (RFC 9457) that the API answers with, and how to recognise the failures behind them. */
public final class Problems {

    private Problems() {
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

    /** Whether {@code failure} comes from a write that the unique index {@code indexName} refused. */
    public static boolean isUniqueViolation(Throwable failure, String indexName) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE
                    && indexName.equalsIgnoreCase(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
