package org.acme.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.acme.testdb.TestDatabase;

/** A plain JDBC session that holds a lock in an open transaction until it commits or is closed. */
public final class DatabaseLock implements AutoCloseable {

    private final Connection connection;

    private DatabaseLock(Connection connection) {
        this.connection = connection;
    }

    /** Opens a transaction and runs {@code sql} in it, typically a LOCK TABLE or a SELECT ... FOR UPDATE. */
    public static DatabaseLock hold(String sql) throws SQLException {
        Connection connection = TestDatabase.connect();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new DatabaseLock(connection);
    }

    /** Runs {@code sql} in the transaction that holds the lock. */
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Ends the transaction with what it did, which releases the lock. */
    public void commit() throws SQLException {
        connection.commit();
    }

    /** Sessions of this database that wait for a lock. */
    public int waiting() throws SQLException {
        try (Statement clear = connection.createStatement()) {
            // pg_stat_activity is read once per transaction unless told otherwise, and this one stays open
            clear.execute("SELECT pg_stat_clear_snapshot()");
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Waits until {@code sessions} sessions wait for a lock; fails when they do not within {@code patience}. */
    public void awaitWaiting(int sessions, Duration patience) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (waiting() < sessions) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(sessions + " sessions never waited on the lock");
            }
            Thread.sleep(20);
        }
    }

    /** Rolls back what was not committed, which releases the lock. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
