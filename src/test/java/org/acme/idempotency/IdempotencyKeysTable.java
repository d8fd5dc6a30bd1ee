package org.acme.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.acme.testdb.TestDatabase;

/** Direct access to the idempotency_keys table of the test database, as {@code UsersTable} has to users. */
final class IdempotencyKeysTable {

    private IdempotencyKeysTable() {
    }

    static void clear() {
        update("DELETE FROM idempotency_keys");
    }

    static long count() {
        return queryLong("SELECT count(*) FROM idempotency_keys");
    }

    /** How long the key is kept, in seconds, from its creation to its expiry. */
    static long lifetimeSeconds(String key) {
        return queryLong("SELECT extract(epoch FROM expires_at - created_at)::bigint FROM idempotency_keys "
                + "WHERE idempotency_key = ?", key);
    }

    /** Whose {@code key} is: the client_scope of its row. */
    static String clientScope(String key) {
        return queryString("SELECT client_scope FROM idempotency_keys WHERE idempotency_key = ?", key);
    }

    /** Moves the expiry of {@code key} into the past, as if its time to live had run out. */
    static void expire(String key) {
        update("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = ?", key);
    }

    /** Moves the creation and the expiry of {@code key} back by {@code age}, as if it had been sent that much earlier. */
    static void age(String key, Duration age) {
        update("UPDATE idempotency_keys SET created_at = created_at - ?::interval, expires_at = expires_at - ?::interval "
                + "WHERE idempotency_key = ?", age.toSeconds() + " seconds", age.toSeconds() + " seconds", key);
    }

    /** Deletes {@code key}, as the purge deletes an expired one. */
    static void delete(String key) {
        update("DELETE FROM idempotency_keys WHERE idempotency_key = ?", key);
    }

    /**
     * Makes every INSERT into the table, once its rows are written (or found taken), wait for the advisory lock
     * {@code lock} before it returns, until {@link #removePause()}: a test that holds the lock stops a claim between
     * its insert and its read of the key.
     */
    static void pauseInsertsOn(long lock) {
        update("""
                CREATE OR REPLACE FUNCTION test_pause_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(%d);
                    RETURN NULL;
                END $$""".formatted(lock));
        update("CREATE OR REPLACE TRIGGER test_pause_insert AFTER INSERT ON idempotency_keys "
                + "FOR EACH STATEMENT EXECUTE FUNCTION test_pause_insert()");
    }

    static void removePause() {
        update("DROP TRIGGER IF EXISTS test_pause_insert ON idempotency_keys");
        update("DROP FUNCTION IF EXISTS test_pause_insert()");
    }

    /** Stores {@code count} keys that expired a second ago, {@code prefix}1 to {@code prefix}{@code count}. */
    static void insertExpired(String prefix, int count) {
        update("INSERT INTO idempotency_keys (client_scope, idempotency_key, request_fingerprint, created_at, "
                + "expires_at, response_status, response_location, response_body) SELECT '', ? || n, repeat('0', 64), "
                + "now() - interval '1 day', now() - interval '1 second', 201, '/users/1', '{}' "
                + "FROM generate_series(1, " + count + ") AS n", prefix);
    }

    /**
     * Makes each deleted row cost {@code millis} of the deleting statement's time (a row trigger that sleeps), until
     * {@link #removeSlowDeletes()}: a backlog of keys that one statement cannot delete within the statement timeout,
     * without millions of rows.
     */
    static void slowDeletes(int millis) {
        update("""
                CREATE OR REPLACE FUNCTION test_slow_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_sleep(%s);
                    RETURN OLD;
                END $$""".formatted(millis / 1000.0));
        update("CREATE OR REPLACE TRIGGER test_slow_delete BEFORE DELETE ON idempotency_keys "
                + "FOR EACH ROW EXECUTE FUNCTION test_slow_delete()");
    }

    static void removeSlowDeletes() {
        update("DROP TRIGGER IF EXISTS test_slow_delete ON idempotency_keys");
        update("DROP FUNCTION IF EXISTS test_slow_delete()");
    }

    /** Stores a key that expired a second ago, as a purge that has not run yet leaves it. */
    static void insertExpired(String key) {
        update("INSERT INTO idempotency_keys (client_scope, idempotency_key, request_fingerprint, created_at, "
                + "expires_at, response_status, response_location, response_body) VALUES ('', ?, repeat('0', 64), "
                + "now() - interval '1 day', now() - interval '1 second', 201, '/users/1', '{}')", key);
    }

    private static void update(String sql, String... parameters) {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long queryLong(String sql, String... parameters) {
        return Long.parseLong(queryString(sql, parameters));
    }

    private static String queryString(String sql, String... parameters) {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("no row for " + sql);
                }
                return result.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
