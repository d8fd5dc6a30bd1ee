package org.acme.problem;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.QueryParam;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;
import io.quarkiverse.resteasy.problem.validation.Violation;

/**
 * Places the violations of a {@code @BeanParam}'s query parameters (such as org.acme.paging.PageRequest's) in the
 * query. The library's ConstraintViolationExceptionMapper recognises {@code @QueryParam} on a resource method's own
 * parameters only, and reports a field of a bean parameter as {@code "in": "body"}.
 */
@ApplicationScoped
public class BeanParamViolations implements ProblemPostProcessor {

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        if (!(context.cause instanceof ConstraintViolationException failure)
                || !(problem.getParameters().get("violations") instanceof List<?> violations)) {
            return problem;
        }
        List<?> placed = violations.stream()
                .map(violation -> violation instanceof Violation named && "body".equals(named.in)
                        ? inQuery(named, failure.getConstraintViolations())
                        : violation)
                .toList();
        return HttpProblem.builder(problem).with("violations", placed).build();
    }

    /** Before ViolationDetail (200), which writes the detail from the violations. */
    @Override
    public int priority() {
        return 300;
    }

    private static Violation inQuery(Violation violation, Set<ConstraintViolation<?>> causes) {
        return causes.stream()
                .filter(cause -> cause.getMessage().equals(violation.message)
                        && leaf(cause) != null && violation.field.equals(leaf(cause).getName()))
                .map(BeanParamViolations::queryParameter)
                .filter(Objects::nonNull)
                .findFirst()
                .map(parameter -> Violation.In.query.field(parameter).message(violation.message))
                .orElse(violation);
    }

    /** The name of the query parameter that the field behind {@code violation} is bound to, or null. */
    static String queryParameter(ConstraintViolation<?> violation) {
        Path.Node leaf = leaf(violation);
        if (leaf == null || leaf.getKind() != ElementKind.PROPERTY || violation.getLeafBean() == null) {
            return null;
        }
        for (Class<?> type = violation.getLeafBean().getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(leaf.getName());
                QueryParam parameter = field.getAnnotation(QueryParam.class);
                return parameter == null ? null : parameter.value();
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        return null;
    }

    private static Path.Node leaf(ConstraintViolation<?> violation) {
        Path.Node leaf = null;
        for (Path.Node node : violation.getPropertyPath()) {
            leaf = node;
        }
        return leaf;
    }
}
