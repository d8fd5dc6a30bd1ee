package org.acme.user;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Direct access to the users table of the test database, over plain JDBC so that it works the same whether the
 * application runs in the test JVM or as the packaged artifact. What an HTTP call commits is not rolled back by
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

    static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }

    private static void update(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long queryLong(String sql, String parameter) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
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
