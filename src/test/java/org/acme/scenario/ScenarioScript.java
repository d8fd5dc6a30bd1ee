package org.acme.scenario;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resource.StringResource;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLParser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads a scenario (a named dataset in {@code src/test/resources/scenarios/NAME.sql}) into a migrated database:
 * empties every application table, then runs the file statement by statement, all in one transaction. A failing
 * statement rolls everything back and is reported with the file and line.
 * <p>
 * The file is split by Flyway's own PostgreSQL parser (the one that runs the migrations: quotes, dollar quoting,
 * comments and {@code COPY} are handled as Flyway handles them), with placeholder replacement off. The same class is
 * compiled into scripts/manage (see scripts/manage-cli/pom.xml), so tests and the CLI load scenarios identically.
 */
public final class ScenarioScript {

    /** Flyway's bookkeeping table survives a scenario load; every other table of the schema is emptied. */
    public static final String FLYWAY_HISTORY_TABLE = "flyway_schema_history";

    /** What a load did. */
    public record Loaded(int statements, long rowsChanged, long millis) {
    }

    /** A scenario that cannot be loaded; the message starts with {@code file:line:}. */
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

        /** 1-based line of the failing statement's error, 0 when the failure is not tied to a line. */
        public int line() {
            return line;
        }
    }

    private ScenarioScript() {
    }

    /**
     * Empties the application tables and runs {@code sql} in one transaction on {@code connection}; commits on
     * success, rolls back on failure. {@code file} names the script in messages.
     */
    public static Loaded load(Connection connection, String file, String sql) {
        long started = System.nanoTime();
        List<SqlStatement> statements = split(file, sql);
        boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new LoadException(file, 0, "cannot start a transaction: " + e.getMessage(), e);
        }
        long rows = 0;
        SqlStatement current = null;
        try (Statement statement = connection.createStatement()) {
            clearTables(connection);
            for (SqlStatement next : statements) {
                current = next;
                if (!statement.execute(next.getSql())) {
                    rows += Math.max(0, statement.getUpdateCount());
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollback(connection, e);
            if (current == null) {
                throw new LoadException(file, 0, "cannot empty the tables: " + e.getMessage(), e);
            }
            throw new LoadException(file, errorLine(current, e), e.getMessage() + "\n  in: " + firstLine(current)
                    + "\n  nothing was loaded (the transaction was rolled back)", e);
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // the connection is broken; the caller closes it
            }
        }
        return new Loaded(statements.size(), rows, (System.nanoTime() - started) / 1_000_000);
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

    static List<SqlStatement> split(String file, String sql) {
        Configuration configuration = Flyway.configure(ScenarioScript.class.getClassLoader())
                .placeholderReplacement(false);
        List<SqlStatement> statements = new ArrayList<>();
        try (SqlStatementIterator iterator = new PostgreSQLParser(configuration, new ParsingContext())
                .parse(new StringResource(sql))) {
            iterator.forEachRemaining(statements::add);
        } catch (RuntimeException e) {
            throw new LoadException(file, 0, "cannot be split into statements: " + e.getMessage(), e);
        }
        return statements;
    }

    /** The statement's first line, refined by the server's error position when it gives one. */
    private static int errorLine(SqlStatement statement, SQLException e) {
        int line = statement.getLineNumber();
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage message = psql.getServerErrorMessage();
            int position = message.getPosition(); // 1-based character offset in the statement, 0 when none
            String sql = statement.getSql();
            if (position > 0 && position <= sql.length()) {
                line += (int) sql.substring(0, position - 1).chars().filter(c -> c == '\n').count();
            }
        }
        return line;
    }

    private static String firstLine(SqlStatement statement) {
        String sql = statement.getSql().strip();
        int newline = sql.indexOf('\n');
        String first = newline < 0 ? sql : sql.substring(0, newline) + " ...";
        return first.length() > 120 ? first.substring(0, 117) + "..." : first;
    }

    private static void rollback(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
