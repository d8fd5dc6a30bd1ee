package org.acme.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.acme.testdb.TestDatabase;
import org.eclipse.microprofile.config.ConfigProvider;

/** What a database administrator does to the service's sessions, from a plain JDBC session of its own. */
public final class ServiceSessions {

    private static final String OTHER_CLIENTS = "FROM pg_stat_activity WHERE datname = current_database() "
            + "AND backend_type = 'client backend' AND pid <> pg_backend_pid()";

    private ServiceSessions() {
    }

    /**
     * Terminates every other session on the test database (the service's pooled connections, busy or idle) as
     * {@code SELECT pg_terminate_backend(pid)} does, and waits until they are gone; returns how many there were.
     * Then it waits twice {@code quarkus.datasource.jdbc.foreground-validation-interval}, so that every dead
     * connection has been idle long enough for the pool to check it before it hands it out again: one returned to the
     * pool just before the kill (by the scheduled purge, say) is not checked, and fails the next request with a 503.
     */
    public static int terminate() throws SQLException, InterruptedException {
        int terminated = terminateNow();
        Thread.sleep(2 * ConfigProvider.getConfig()
                .getValue("quarkus.datasource.jdbc.foreground-validation-interval", Duration.class).toMillis());
        return terminated;
    }

    /** As {@link #terminate()}, without the wait: the pool may hand out a dead connection unchecked at once. */
    public static int terminateNow() throws SQLException, InterruptedException {
        try (Connection admin = TestDatabase.connect(); Statement statement = admin.createStatement()) {
            int terminated;
            try (ResultSet result = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) " + OTHER_CLIENTS)) {
                result.next();
                terminated = result.getInt(1);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                statement.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet result = statement.executeQuery("SELECT count(*) " + OTHER_CLIENTS)) {
                    result.next();
                    if (result.getInt(1) == 0) {
                        return terminated;
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the terminated sessions did not go away");
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Sets {@code default_transaction_read_only} for new sessions on the test database, as a failover to a standby
     * does for every session, and terminates the existing ones so that the service reconnects to the changed
     * database; {@code false} resets it the same way.
     */
    public static void readOnly(boolean on) throws SQLException, InterruptedException {
        try (Connection admin = TestDatabase.connect(); Statement statement = admin.createStatement()) {
            // a session opened while the setting is on is read-only too, and could not turn it off
            statement.execute("SET default_transaction_read_only = off");
            String database;
            try (ResultSet result = statement.executeQuery("SELECT quote_ident(current_database())")) {
                result.next();
                database = result.getString(1);
            }
            statement.execute("ALTER DATABASE " + database + (on ? " SET default_transaction_read_only = on"
                    : " RESET default_transaction_read_only"));
        }
        terminate();
    }
}
