package org.acme.reference;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.acme.problem.Problems;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.hibernate.orm.panache.Panache;

/**
 * A field of a request that holds the id of another resource: {@code customerId} in an order. The id is looked up
 * here, so a reference to nothing is the client's mistake, a 400 that names the field, rather than the foreign key's
 * refusal at the write. A referenced row that a concurrent request deletes after the lookup is still refused by the
 * foreign key, a 409 (org.acme.problem.DatabaseProblems).
 */
public final class References {

    private References() {
    }

    /** The {@code entityClass} with id {@code id}, which the request's {@code field} holds, or the 400. */
    public static <T> T resolve(Class<T> entityClass, String field, Long id) {
        T entity = id == null ? null : Panache.getEntityManager(entityClass).find(entityClass, id);
        if (entity == null) {
            String message = "no " + Problems.words(entityClass) + " has this id";
            throw HttpProblem.builder()
                    .withStatus(Response.Status.BAD_REQUEST)
                    .withTitle(Response.Status.BAD_REQUEST.getReasonPhrase())
                    .withDetail("The field " + field + " refers to no " + Problems.words(entityClass) + " with id "
                            + id)
                    .with("violations", List.of(Map.of("field", field, "in", "body", "message", message)))
                    .build();
        }
        return entity;
    }
}
