package org.acme.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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

    /** Moves the expiry of {@code key} into the past, as if its time to live had run out. */
    static void expire(String key) {
        update("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = ?", key);
    }

    /** Stores a key that expired a second ago, as a purge that has not run yet leaves it. */
    static void insertExpired(String key) {
        update("INSERT INTO idempotency_keys (idempotency_key, request_fingerprint, created_at, expires_at, "
                + "response_status, response_location, response_body) VALUES (?, repeat('0', 64), "
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
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("no row for " + sql);
                }
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
