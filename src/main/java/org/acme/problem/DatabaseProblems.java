package org.acme.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.resteasy.problem.HttpProblem;

/** A database that cannot be reached is the service's trouble, not the client's: 503 with a hint to retry. */
public class DatabaseProblems {

    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(DatabaseProblems.class);

    @ServerExceptionMapper(priority = Problems.OVER_DEFAULT_MAPPERS)
    public Response unavailable(JDBCConnectionException e, UriInfo uri) {
        LOG.warnf("Database unavailable: %s", e.getMessage());
        return Problems.answer(HttpProblem.builder()
                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                .withTitle(Response.Status.SERVICE_UNAVAILABLE.getReasonPhrase())
                .withDetail("The database is unavailable; try again shortly")
                .withHeader("Retry-After", RETRY_AFTER_SECONDS)
                .build(), uri);
    }
}
