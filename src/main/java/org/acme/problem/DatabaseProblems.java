package org.acme.problem;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.acme.database.RetryConflicts;
import org.acme.database.RetryConflictsInterceptor;
import org.acme.unique.UniqueFields;
import org.acme.unique.WrittenUniqueValues;
import org.hibernate.StaleObjectStateException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.arc.ArcUndeclaredThrowableException;

/**
 * A database that cannot be reached, is too busy to answer in time, or refuses for a while what it would do later
 * is the service's trouble, not the client's: 503 with a hint to retry, a WARN line without stack trace, and
 * nothing about the failure in the body.
 * <p>
 * Each kind is recognised on the failure's causes, whichever layer wrapped them (Hibernate, JPA, the
 * transaction manager):
 * <ul>
 * <li>busy: SQLState {@code 57014} (query_canceled), a statement cancelled by {@code statement_timeout}, see
 * application.properties, or by a cancel request; {@code 55P03} (lock_not_available), a lock wait cut short by
 * {@code lock_timeout}; {@code 53300} (too_many_connections), the server at {@code max_connections} or the role
 * at its connection limit; Agroal's acquisition timeouts, no pool connection became free in time or no new one
 * could be opened in time;</li>
 * <li>out of resources: the rest of class {@code 53}, such as {@code 53100} (disk_full);</li>
 * <li>read-only: {@code 25006} (read_only_sql_transaction), a write sent to a server that takes none, as after a
 * failover to a standby, or with {@code default_transaction_read_only} on;</li>
 * <li>conflict: {@code 40001} (serialization_failure) and {@code 40P01} (deadlock_detected); a write is tried
 * again first ({@link org.acme.database.RetryConflicts}), this is the answer once those tries are used up;</li>
 * <li>unavailable: class {@code 08} (connection exceptions), {@code 57P01} to {@code 57P03} (the server shutting
 * down or still starting up).</li>
 * </ul>
 * A write that a unique constraint of an entity refused is the client's: 409 naming the field
 * ({@link UniqueFields}), whether the statement failed in the resource method or at the commit. Anything else keeps
 * the answer it had: an unexpected failure stays a 500 that is logged with its stack trace.
 */
public class DatabaseProblems {

    static final int RETRY_AFTER_SECONDS = 5;

    static final String QUERY_CANCELED = "57014";
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String TOO_MANY_CONNECTIONS = "53300";
    static final String INSUFFICIENT_RESOURCES_CLASS = "53";
    static final String READ_ONLY_TRANSACTION = "25006";
    static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** admin_shutdown, crash_shutdown, cannot_connect_now (the database system is starting up). */
    static final List<String> SERVER_GOING_OR_COMING = List.of("57P01", "57P02", "57P03");
    /**
     * Agroal gives no type and no SQLState for this one: a plain {@link SQLException} with this message, thrown by
     * {@code io.agroal.pool.ConnectionPool} (checked for Agroal 3.0), so the message is all there is to match.
     */
    static final String AGROAL_ACQUISITION_TIMEOUT = "Sorry, acquisition timeout!";
    /**
     * Agroal's other acquisition timeout, as plain: the pool was opening a new connection for the request (every
     * pooled one it checked was dead) and the database did not answer in time, as when the network to it falls
     * silent (see "network-silence" in docs/faults.md).
     */
    static final String AGROAL_NEW_CONNECTION_TIMEOUT = "Acquisition timeout while waiting for new connection";

    private static final Logger LOG = Logger.getLogger(DatabaseProblems.class);

    @Inject
    UniqueFields uniqueFields;

    @Inject
    WrittenUniqueValues writtenUniqueValues;

    @ServerExceptionMapper(priority = Problems.OVER_DEFAULT_MAPPERS)
    public Response unavailable(JDBCConnectionException e, UriInfo uri) {
        LOG.warnf("Database unavailable: %s", e.getMessage());
        return answer503("The database is unavailable; try again shortly", uri);
    }

    /**
     * The types that a failing database reaches the REST layer as: Hibernate's and JPA's exceptions (every one a
     * PersistenceException in Hibernate 7: timeouts, lock failures, GenericJDBCException when Agroal gave no
     * connection) when a statement fails inside the resource method; and when the statement fails at commit (a
     * flush that the transaction's end does), the transaction manager's RollbackException, which Arc wraps because
     * it is a checked exception. These are also thrown for failures that are no fault of the database, so every one
     * is classified by its causes first.
     */
    @ServerExceptionMapper(priority = Problems.OVER_DEFAULT_MAPPERS, value = {
            PersistenceException.class,
            RollbackException.class,
            ArcUndeclaredThrowableException.class })
    public Response failed(Exception e, UriInfo uri) {
        Optional<String> taken = uniqueFields.takenValue(e, writtenUniqueValues);
        if (taken.isPresent()) {
            return Problems.asIfThrown(Problems.conflict(taken.get()), e, uri);
        }
        Optional<String> gone = deletedMeanwhile(e);
        if (gone.isPresent()) {
            return Problems.asIfThrown(Problems.notFound(gone.get()), e, uri);
        }
        Optional<String> refused = constraintRefusal(e);
        if (refused.isPresent()) {
            return Problems.asIfThrown(Problems.conflict(refused.get()), e, uri);
        }
        String reason = busyReason(e);
        if (reason != null) {
            LOG.warnf("Database busy, %s: answered 503 to %s", reason, uri.getPath());
            return answer503("The database is busy; try again shortly", uri);
        }
        String sqlState = firstSqlState(e);
        if (RetryConflictsInterceptor.isConflict(e)) {
            LOG.warnf("Write conflict (SQLState %s) after %d tries: answered 503 to %s", sqlState,
                    1 + RetryConflicts.MAX_RETRIES, uri.getPath());
            return answer503("The change collided with concurrent changes and was not saved; try again shortly", uri);
        }
        if (READ_ONLY_TRANSACTION.equals(sqlState)) {
            LOG.warnf("Database read-only (SQLState 25006, a standby or default_transaction_read_only): answered 503 "
                    + "to %s", uri.getPath());
            return answer503("The database accepts no changes at the moment; try again shortly", uri);
        }
        if (sqlState != null && sqlState.startsWith(INSUFFICIENT_RESOURCES_CLASS)) {
            LOG.warnf("Database out of resources (SQLState %s): answered 503 to %s", sqlState, uri.getPath());
            return answer503("The database is out of resources; try again shortly", uri);
        }
        if (lostConnection(e)) {
            // The transaction manager keeps a cause only for what failed before COMMIT was sent (the flush that
            // ends the transaction), so nothing was saved: unlike the unknown outcome below, a retry is safe.
            LOG.warnf("Database unavailable at commit: answered 503 to %s", uri.getPath());
            return answer503("The database became unavailable before the change was saved; try again shortly", uri);
        }
        if (commitFailed(e)) {
            // The transaction manager keeps no cause: typically the connection broke during COMMIT, after the
            // server may have made the change durable. The outcome is unknown, so say so; a retried create then
            // gets its 201, or a 409 when the first attempt had been saved.
            LOG.warnf("Commit failed, outcome unknown: answered 503 to %s", uri.getPath());
            return answer503("The database did not confirm the change, which may or may not have been saved; "
                    + "try again shortly", uri);
        }
        return Problems.unexpected(e, uri);
    }

    /**
     * "No order with id 7" when {@code failure} is a write to a row that a concurrent request deleted between the
     * read and the write (Hibernate found no row to update): the answer the read would have given a moment later.
     */
    static Optional<String> deletedMeanwhile(Throwable failure) {
        return causes(failure).stream().filter(StaleStateException.class::isInstance).findFirst()
                .map(stale -> stale instanceof StaleObjectStateException entity
                        ? "No " + Problems.words(entity.getEntityName()) + " with id " + entity.getIdentifier()
                        : "The resource was deleted meanwhile");
    }

    /**
     * What to tell the client when a constraint that no field names refused {@code failure} (org.acme.unique names
     * the field of a single-column unique constraint): a unique constraint on several columns; a foreign key, for a
     * row deleted while others refer to it, or a reference to a row that a concurrent request deleted.
     */
    static Optional<String> constraintRefusal(Throwable failure) {
        return causes(failure).stream()
                .filter(ConstraintViolationException.class::isInstance)
                .map(ConstraintViolationException.class::cast)
                .findFirst()
                .map(violation -> switch (violation.getKind()) {
                    case UNIQUE -> "Another resource already has these values";
                    case FOREIGN_KEY -> isDelete(violation.getSQL())
                            ? "Rows of " + referringTable(violation) + " still refer to it: delete them first"
                            : "A resource that it refers to was deleted meanwhile";
                    default -> null;
                });
    }

    private static boolean isDelete(String sql) {
        return sql != null && sql.strip().toLowerCase(Locale.ROOT).startsWith("delete");
    }

    private static String referringTable(Throwable violation) {
        return causes(violation).stream().filter(PSQLException.class::isInstance)
                .map(psql -> ((PSQLException) psql).getServerErrorMessage())
                .filter(message -> message != null && message.getTable() != null)
                .map(ServerErrorMessage::getTable).findFirst().orElse("another table");
    }

    /** Why {@code failure} means that the database is too busy to answer in time, or null when it does not. */
    static String busyReason(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof SQLException sql) {
                if (QUERY_CANCELED.equals(sql.getSQLState())) {
                    return "a statement was cancelled (statement timeout)";
                }
                if (LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                    return "a lock was not granted in time (lock timeout)";
                }
                if (TOO_MANY_CONNECTIONS.equals(sql.getSQLState())) {
                    return "the server refused a new connection (too many connections)";
                }
                if (sql.getSQLState() == null && AGROAL_ACQUISITION_TIMEOUT.equals(sql.getMessage())) {
                    return "no pool connection became free in time (acquisition timeout)";
                }
                if (sql.getSQLState() == null && AGROAL_NEW_CONNECTION_TIMEOUT.equals(sql.getMessage())) {
                    return "no new connection to the database was made in time (acquisition timeout)";
                }
            }
        }
        return null;
    }

    /** The SQLState of the first SQLException among {@code failure}'s causes that has one, or null. */
    static String firstSqlState(Throwable failure) {
        return causes(failure).stream()
                .filter(cause -> cause instanceof SQLException sql && sql.getSQLState() != null)
                .map(cause -> ((SQLException) cause).getSQLState())
                .findFirst().orElse(null);
    }

    /**
     * Whether the connection broke under {@code failure} or could not be had: SQLState class 08, thrown through the
     * transaction manager when the database goes away between a write and its commit, or 57P01 to 57P03, the
     * server shutting down or still starting up (after a crash, a restart or a failover).
     */
    static boolean lostConnection(Throwable failure) {
        return causes(failure).stream().anyMatch(cause -> cause instanceof JDBCConnectionException
                || cause instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith(CONNECTION_EXCEPTION_CLASS) || SERVER_GOING_OR_COMING.contains(sql.getSQLState())));
    }

    /**
     * Whether the transaction failed at its commit. A unique violation at the commit is answered before this is
     * asked; what fails at the commit is the database.
     */
    static boolean commitFailed(Throwable failure) {
        return causes(failure).stream().anyMatch(RollbackException.class::isInstance);
    }

    /** {@code failure} and its causes, each once (a chain of causes may loop). */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    private static Response answer503(String detail, UriInfo uri) {
        return Problems.answer(HttpProblem.builder()
                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                .withTitle(Response.Status.SERVICE_UNAVAILABLE.getReasonPhrase())
                .withDetail(detail)
                .withHeader("Retry-After", RETRY_AFTER_SECONDS)
                .build(), uri);
    }
}
