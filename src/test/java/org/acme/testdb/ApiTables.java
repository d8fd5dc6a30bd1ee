package org.acme.testdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every table that the API's requests may write, whatever the resources: all the tables of the test database but
 * Flyway's history.
 */
public final class ApiTables {

    private static final String FLYWAY_HISTORY = "flyway_schema_history";

    private ApiTables() {
    }

    /** Empties them all, the rows that refer to others with them. */
    public static void clear() {
        execute(statement -> statement.executeUpdate("TRUNCATE " + String.join(", ", names(statement))
                + " CASCADE"));
    }

    /** The rows they hold in all. */
    public static long rows() {
        return execute(statement -> {
            List<String> counts = names(statement).stream().map(name -> "(SELECT count(*) FROM " + name + ")")
                    .toList();
            try (ResultSet result = statement.executeQuery("SELECT " + String.join(" + ", counts))) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    private static List<String> names(Statement statement) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT quote_ident(table_name) FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '"
                + FLYWAY_HISTORY + "' ORDER BY table_name")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("the test database has no table but Flyway's history");
        }
        return names;
    }

    private interface Work<T> {
        T run(Statement statement) throws SQLException;
    }

    private static <T> T execute(Work<T> work) {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            return work.run(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
