package org.acme.problem;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;
import io.quarkiverse.resteasy.problem.validation.Violation;

/**
 * Gives the library's bean-validation problem (ConstraintViolationExceptionMapper: a title and {@code violations},
 * no {@code detail}) a detail that reads on its own, e.g. {@code "email: must be a well-formed email address"};
 * several violations are joined with "; ", in field order. quarkus-resteasy-problem applies every
 * {@link ProblemPostProcessor} bean to each problem it maps.
 */
@ApplicationScoped
public class ViolationDetail implements ProblemPostProcessor {

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        if (problem.getDetail() != null || !(context.cause instanceof ConstraintViolationException)
                || !(problem.getParameters().get("violations") instanceof List<?> violations) || violations.isEmpty()) {
            return problem;
        }
        String detail = violations.stream()
                .map(violation -> violation instanceof Violation named ? named.field + ": " + named.message
                        : String.valueOf(violation))
                .sorted()
                .collect(Collectors.joining("; "));
        return HttpProblem.builder(problem).withDetail(detail).build();
    }

    /** Before the library's own logger (priority 101), so that the line it logs has the detail too. */
    @Override
    public int priority() {
        return 200;
    }
}
