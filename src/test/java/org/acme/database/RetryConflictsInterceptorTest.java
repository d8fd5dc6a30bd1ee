package org.acme.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.transaction.RollbackException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.ArcUndeclaredThrowableException;

/** Which failures are write conflicts, worth the transaction again (RetryConflictsTest shows the retries). */
class RetryConflictsInterceptorTest {

    @Test
    void aSerializationFailureOrADeadlockIsAConflictWhateverWrapsIt() {
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.initCause(new SQLException("ERROR: could not serialize access", "40001"));

        assertThat(RetryConflictsInterceptor.isConflict(
                new ArcUndeclaredThrowableException("Error invoking subclass method", rollback))).isTrue();
        assertThat(RetryConflictsInterceptor.isConflict(new LockAcquisitionException("could not execute statement",
                new SQLException("ERROR: deadlock detected", "40P01")))).isTrue();
        assertThat(RetryConflictsInterceptor.isConflict(new GenericJDBCException("could not execute statement",
                new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006")))).isFalse();
        assertThat(RetryConflictsInterceptor.isConflict(new ConstraintViolationException("duplicate key",
                new SQLException("ERROR: duplicate key value", "23505"), "users_email_lower_key"))).isFalse();
    }
}
