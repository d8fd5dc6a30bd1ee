package org.acme.database;

import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.IdentityHashMap;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.TypedGuard;

/** See {@link RetryConflicts}. */
@RetryConflicts
@Interceptor
// Narayana's @Transactional interceptors have PLATFORM_BEFORE + 200: a lower priority runs around them.
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetryConflictsInterceptor {

    static final String SERIALIZATION_FAILURE = "40001";
    static final String DEADLOCK_DETECTED = "40P01";

    private static final Logger LOG = Logger.getLogger(RetryConflictsInterceptor.class);

    private final TypedGuard<Object> retry = TypedGuard.create(Object.class)
            .withRetry()
            .maxRetries(RetryConflicts.MAX_RETRIES)
            // colliding transactions that retry in step collide again: a random pause takes them apart
            .delay(20, ChronoUnit.MILLIS)
            .jitter(20, ChronoUnit.MILLIS)
            .whenException(RetryConflictsInterceptor::isConflict)
            .beforeRetry(failure -> LOG.infof("Write conflict, trying the transaction again: %s",
                    failure.getMessage()))
            .done()
            .build();

    @AroundInvoke
    Object retryConflicts(InvocationContext invocation) throws Exception {
        return retry.call(invocation::proceed);
    }

    /**
     * Whether {@code failure} is a write that collided with a concurrent one: a serialization failure or a deadlock,
     * after which PostgreSQL rolled the transaction back and the same transaction tried again may well succeed.
     */
    public static boolean isConflict(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>(); // a chain of causes may loop
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && (SERIALIZATION_FAILURE.equals(sql.getSQLState()) || DEADLOCK_DETECTED.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
