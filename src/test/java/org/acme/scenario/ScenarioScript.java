package org.acme.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.jdbc.PreferQueryMode;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads a scenario (a named dataset, {@code scenarios/NAME.sql} on the classpath) into a migrated database: empties
 * every application table, then runs the file, all in one transaction. A failing statement rolls everything back and
 * is reported with the file, and the line wherever PostgreSQL gives a position.
 * <p>
 * The whole file goes to PostgreSQL as one query: the server splits it (quotes, dollar quoting, comments, as
 * {@code psql} would), and its error positions count from the start of the file. This class is in the service's
 * test-jar, which scripts/manage depends on, so tests and the CLI load scenarios identically.
 */
public final class ScenarioScript {

    /** Where scenarios are on the classpath: {@code scenarios/NAME.sql}. */
    public static final String DIRECTORY = "scenarios/";

    /** Flyway's bookkeeping table survives a scenario load; every other table of the schema is emptied. */
    public static final String FLYWAY_HISTORY_TABLE = "flyway_schema_history";

    /** What a load did. */
    public record Loaded(int statements, long rowsChanged, long millis) {
    }

    /** A scenario that cannot be loaded; the message starts with {@code file:line:}, or {@code file:} without one. */
    public static final class LoadException extends RuntimeException {
        private final String file;
        private final int line;

        LoadException(String file, int line, String message, Throwable cause) {
            super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
            this.file = file;
            this.line = line;
        }

        public String file() {
            return file;
        }

        /** 1-based line of the error, 0 when PostgreSQL gives no position (a constraint violation, for one). */
        public int line() {
            return line;
        }
    }

    private ScenarioScript() {
    }

    /** The text of scenario {@code name}: {@code scenarios/<name>.sql} on {@code loader}'s classpath. */
    public static String read(ClassLoader loader, String name) {
        String resource = DIRECTORY + name + ".sql";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Empties the application tables and runs {@code sql} in one transaction on {@code connection}; commits on
     * success, rolls back on failure. {@code file} names the script in messages.
     */
    public static Loaded load(Connection connection, String file, String sql) {
        requireSimpleQueries(connection);
        long started = System.nanoTime();
        boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new LoadException(file, 0, "cannot start a transaction: " + e.getMessage(), e);
        }
        boolean cleared = false;
        int statements = 0;
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            clearTables(connection);
            cleared = true;
            for (boolean resultSet = statement.execute(sql);; resultSet = statement.getMoreResults()) {
                int updated = resultSet ? 0 : statement.getUpdateCount();
                if (updated == -1) {
                    break;
                }
                statements++;
                rows += updated;
            }
            connection.commit();
        } catch (SQLException e) {
            rollback(connection, e);
            if (!cleared) {
                throw new LoadException(file, 0, "cannot empty the tables: " + e.getMessage(), e);
            }
            int line = errorLine(sql, e);
            throw new LoadException(file, line, describe(e) + (line > 0 ? "\n  at: " + sql.lines().skip(line - 1)
                    .findFirst().orElse("").strip() : "") + "\n  nothing was loaded (the transaction was rolled back)", e);
        } finally {
            restore(connection, autoCommit);
        }
        return new Loaded(statements, rows, (System.nanoTime() - started) / 1_000_000);
    }

    /** Empties every table of the current schema except Flyway's history, and restarts their identities. */
    public static void clearTables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT quote_ident(table_name) FROM information_schema.tables "
                        + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '"
                        + FLYWAY_HISTORY_TABLE + "' ORDER BY table_name")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        if (!tables.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                // quote_ident above: the names come from the catalog, quoted by the server
                statement.execute("TRUNCATE TABLE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
            }
        }
    }

    /**
     * Checks that {@code connection} sends a query as one message (pgjdbc's {@code preferQueryMode=simple}): in the
     * extended protocol the driver splits the script itself and error positions would count from each statement.
     */
    private static void requireSimpleQueries(Connection connection) {
        try {
            if (connection.unwrap(PGConnection.class).getPreferQueryMode() != PreferQueryMode.SIMPLE) {
                throw new IllegalArgumentException("open the connection with preferQueryMode=simple to load a scenario");
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("a scenario loads over pgjdbc only: " + e.getMessage(), e);
        }
    }

    /** The line of the server's error position in {@code sql}, 0 when it gives none. */
    private static int errorLine(String sql, SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage message = psql.getServerErrorMessage();
            int position = message.getPosition(); // 1-based character offset in the query, 0 when none
            if (position > 0 && position <= sql.length()) {
                return 1 + (int) sql.substring(0, position - 1).chars().filter(c -> c == '\n').count();
            }
        }
        return 0;
    }

    /** The server's message, detail, hint and context; not its position, which counts characters. */
    private static String describe(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null) {
            return e.getMessage();
        }
        StringBuilder text = new StringBuilder(server.getSeverity() + ": " + server.getMessage());
        for (String[] part : new String[][] {{"Detail", server.getDetail()}, {"Hint", server.getHint()},
                {"Where", server.getWhere()}}) {
            if (part[1] != null) {
                text.append("\n  ").append(part[0]).append(": ").append(part[1]);
            }
        }
        return text.toString();
    }

    private static void rollback(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restore(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // the connection is broken; the caller closes it
        }
    }
}
