package org.acme.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;

import org.hibernate.QueryTimeoutException;
import org.hibernate.StaleObjectStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.quarkus.arc.ArcUndeclaredThrowableException;

/**
 * Which failures count as a busy database. SlowDatabaseTest and LockTimeoutTest show each kind against a real
 * PostgreSQL; here, the chains those tests met, and the failures that must keep their own answer.
 */
class DatabaseProblemsTest {

    @Test
    void aStatementCancelledAtCommitIsFoundThroughEveryWrapper() {
        // DELETE /users/{id} under a row lock: the flush at commit is cancelled, and this is what the REST layer gets.
        SQLException cancelled = new SQLException("ERROR: canceling statement due to statement timeout", "57014");
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.initCause(new jakarta.persistence.QueryTimeoutException("could not execute statement",
                new QueryTimeoutException("could not execute statement", cancelled, "delete from users where id=?")));

        assertThat(DatabaseProblems.busyReason(new ArcUndeclaredThrowableException("Error invoking subclass method",
                rollback))).contains("statement timeout");
    }

    @Test
    void agroalsAcquisitionTimeoutIsFoundByItsMessageForLackOfATypeOrSqlState() {
        assertThat(DatabaseProblems.busyReason(new GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("Sorry, acquisition timeout!")))).contains("acquisition timeout");
        assertThat(DatabaseProblems.busyReason(new GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("Acquisition timeout while waiting for new connection"))))
                .contains("no new connection");
    }

    @Test
    void aLockTimeoutIsFoundBySqlState() {
        assertThat(DatabaseProblems.busyReason(new SQLException("ERROR: canceling statement due to lock timeout",
                "55P03"))).contains("lock timeout");
    }

    @Test
    void otherDatabaseFailuresAreNotABusyDatabase() {
        assertThat(DatabaseProblems.busyReason(new ConstraintViolationException("duplicate key",
                new SQLException("ERROR: duplicate key value", "23505"), "users_email_lower_key"))).isNull();
        assertThat(DatabaseProblems.busyReason(new GenericJDBCException("could not execute statement",
                new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006")))).isNull();
        assertThat(DatabaseProblems.busyReason(new LockAcquisitionException("could not execute statement",
                new SQLException("ERROR: deadlock detected", "40P01")))).isNull();
        assertThat(DatabaseProblems.busyReason(new GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("Sorry, acquisition timeout!", "08001")))).isNull();
    }

    @Test
    void aConnectionLostBetweenAWriteAndItsCommitIsAnUnavailableDatabase() {
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.initCause(new SQLException("An I/O error occurred while sending to the backend.", "08006"));

        assertThat(DatabaseProblems.lostConnection(new ArcUndeclaredThrowableException("Error invoking subclass method",
                rollback))).isTrue();
        assertThat(DatabaseProblems.lostConnection(new ConstraintViolationException("duplicate key",
                new SQLException("ERROR: duplicate key value", "23505"), "users_email_lower_key"))).isFalse();
    }

    @Test
    void aServerShuttingDownOrStillStartingUpIsAnUnavailableDatabase() {
        // seen in the outage scenario: requests that reach PostgreSQL while it recovers from the crash
        for (String sqlState : new String[] { "57P01", "57P02", "57P03" }) {
            assertThat(DatabaseProblems.lostConnection(new GenericJDBCException("Unable to acquire JDBC Connection",
                    new SQLException("FATAL: the database system is starting up", sqlState)))).as(sqlState).isTrue();
        }
        assertThat(DatabaseProblems.lostConnection(new GenericJDBCException("could not execute statement",
                new SQLException("ERROR: canceling statement due to user request", "57014")))).isFalse();
    }

    @Test
    void aCommitThatFailedWithoutACauseIsACommitFailure() {
        // seen in the outage scenario: PostgreSQL stopped during COMMIT, and Narayana kept no cause
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");

        assertThat(DatabaseProblems.commitFailed(new ArcUndeclaredThrowableException("Error invoking subclass method",
                rollback))).isTrue();
        assertThat(DatabaseProblems.commitFailed(new GenericJDBCException("could not execute statement",
                new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006")))).isFalse();
    }

    @Test
    void tooManyConnectionsIsABusyDatabase() {
        assertThat(DatabaseProblems.busyReason(new GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("FATAL: sorry, too many clients already", "53300")))).contains("too many connections");
    }

    @Test
    void theSqlStateIsTheFirstOneAmongTheCauses() {
        assertThat(DatabaseProblems.firstSqlState(new GenericJDBCException("could not execute statement",
                new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006",
                        new SQLException("no state"))))).isEqualTo("25006");
        assertThat(DatabaseProblems.firstSqlState(new RuntimeException("no SQL here"))).isNull();
    }

    @Test
    void aChainOfCausesThatLoopsEndsTheSearch() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(DatabaseProblems.busyReason(first)).isNull();
        assertThat(DatabaseProblems.lostConnection(first)).isFalse();
        assertThat(DatabaseProblems.firstSqlState(first)).isNull();
    }

    @Test
    void aWriteToARowThatADeleteRemovedMeanwhileIsNamedByItsEntityAndId() {
        OptimisticLockException stale = new OptimisticLockException("Row was updated or deleted by another transaction",
                new StaleObjectStateException("org.acme.orderline.OrderLine", 7L));

        assertThat(DatabaseProblems.deletedMeanwhile(stale)).contains("No order line with id 7");
        assertThat(DatabaseProblems.deletedMeanwhile(new PersistenceException("could not execute statement")))
                .isEmpty();
    }

    @Test
    void aConstraintThatNamesNoFieldIsAConflictThatSaysWhatWasRefused() {
        PSQLException refused = new PSQLException(new ServerErrorMessage(
                "SERROR\0C23503\0Mupdate or delete on table violates foreign key constraint\0torders\0"));
        ConstraintViolationException delete = new ConstraintViolationException("could not execute statement",
                refused, "delete from customers where id=?", ConstraintViolationException.ConstraintKind.FOREIGN_KEY,
                "orders_customer_id_fkey");
        ConstraintViolationException insert = new ConstraintViolationException("could not execute statement",
                refused, "insert into orders (customer_id) values (?)",
                ConstraintViolationException.ConstraintKind.FOREIGN_KEY, "orders_customer_id_fkey");

        assertThat(DatabaseProblems.constraintRefusal(new PersistenceException("wrapped", delete)))
                .contains("Rows of orders still refer to it: delete them first");
        assertThat(DatabaseProblems.constraintRefusal(insert))
                .contains("A resource that it refers to was deleted meanwhile");
        assertThat(DatabaseProblems.constraintRefusal(new ConstraintViolationException("not null",
                new SQLException("null value", "23502"), "insert into orders (customer_id) values (?)",
                ConstraintViolationException.ConstraintKind.NOT_NULL, "orders_customer_id_not_null"))).isEmpty();
        assertThat(DatabaseProblems.constraintRefusal(new ConstraintViolationException("duplicate key",
                new SQLException("duplicate key value", "23505"), "insert into orders (customer_id, day) values (?, ?)",
                ConstraintViolationException.ConstraintKind.UNIQUE, "orders_customer_id_day_key")))
                .contains("Another resource already has these values");
    }
}
