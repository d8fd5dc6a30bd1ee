package org.acme.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.acme.testdb.TestDatabase;

/**
 * Direct access to the users table of the test database. What an HTTP call commits is not rolled back by
 * a test transaction, so HTTP tests start from an empty table instead.
 */
public final class UsersTable {

    private UsersTable() {
    }

    public static void clear() {
        update("DELETE FROM users");
    }

    public static long count() {
        return queryLong("SELECT count(*) FROM users", null);
    }

    static long countByEmail(String email) {
        return queryLong("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email);
    }

    private static void update(String sql) {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long queryLong(String sql, String parameter) {
        try (Connection connection = TestDatabase.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
