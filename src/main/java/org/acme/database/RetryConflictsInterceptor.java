package org.acme.database;

import java.time.temporal.ChronoUnit;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.acme.problem.DatabaseProblems;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.TypedGuard;

/** See {@link RetryConflicts}. */
@RetryConflicts
@Interceptor
// Narayana's @Transactional interceptors have PLATFORM_BEFORE + 200: a lower priority runs around them.
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetryConflictsInterceptor {

    private static final Logger LOG = Logger.getLogger(RetryConflictsInterceptor.class);

    private final TypedGuard<Object> retry = TypedGuard.create(Object.class)
            .withRetry()
            .maxRetries(RetryConflicts.MAX_RETRIES)
            // colliding transactions that retry in step collide again: a random pause takes them apart
            .delay(20, ChronoUnit.MILLIS)
            .jitter(20, ChronoUnit.MILLIS)
            .whenException(DatabaseProblems::isConflict)
            .beforeRetry(failure -> LOG.infof("Write conflict, trying the transaction again: %s",
                    failure.getMessage()))
            .done()
            .build();

    @AroundInvoke
    Object retryConflicts(InvocationContext invocation) throws Exception {
        return retry.call(invocation::proceed);
    }
}
