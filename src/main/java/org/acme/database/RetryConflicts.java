package org.acme.database;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Runs a transactional method again, as a whole new transaction, when PostgreSQL rolled it back for colliding with
 * a concurrent one (a serialization failure or a deadlock): at most {@link #MAX_RETRIES} more times, after a short
 * random pause. Once the tries are used up, the failure reaches org.acme.problem.DatabaseProblems, which answers
 * 503 with Retry-After. Put it beside {@code @Transactional} on each method that writes: a read cannot collide, and
 * wrapping it would only cost it the retry's bookkeeping.
 * <p>
 * The retry must wrap the transaction, not run inside it: a transaction that failed is rolled back and cannot go
 * on. MicroProfile's {@code @Retry} runs inside {@code @Transactional} (its interceptor has a later priority),
 * so {@link RetryConflictsInterceptor} binds SmallRye Fault Tolerance's retry with a priority before the
 * transaction's.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface RetryConflicts {

    /** Tries after the first one. */
    int MAX_RETRIES = 3;
}
