package org.acme.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.acme.testdb.TestDatabase;

/**
 * A trigger on the users table that makes PostgreSQL itself fail a write with a chosen SQLState, a chosen number of
 * times: an email {@code fail-SQLSTATE-TIMES-rest@example.com} fails its first TIMES writes. Every try counts on a
 * sequence, which a rollback does not undo, so a test can tell how often the service tried.
 */
public final class FailingWrites {

    public static final int ALWAYS = 999;

    private FailingWrites() {
    }

    public static String email(String sqlState, int times, String rest) {
        return "fail-" + sqlState + "-" + times + "-" + rest + "@example.com";
    }

    public static void install() throws SQLException {
        execute("""
                CREATE SEQUENCE IF NOT EXISTS test_write_tries;
                ALTER SEQUENCE test_write_tries RESTART;
                CREATE OR REPLACE FUNCTION test_failing_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
                DECLARE
                    wanted text[] := regexp_match(NEW.email, '^fail-([0-9a-z]{5})-([0-9]+)-', 'i');
                BEGIN
                    IF wanted IS NOT NULL THEN
                        IF nextval('test_write_tries') <= wanted[2]::int THEN
                            RAISE EXCEPTION 'write failed on purpose by the test'
                                USING ERRCODE = upper(wanted[1]);
                        END IF;
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE OR REPLACE TRIGGER test_failing_write BEFORE INSERT OR UPDATE ON users
                    FOR EACH ROW EXECUTE FUNCTION test_failing_write();
                """);
    }

    public static void remove() throws SQLException {
        execute("""
                DROP TRIGGER IF EXISTS test_failing_write ON users;
                DROP FUNCTION IF EXISTS test_failing_write();
                DROP SEQUENCE IF EXISTS test_write_tries;
                """);
    }

    /** How many writes of a {@code fail-} email the trigger saw since {@link #install()}. */
    public static long tries() throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM test_write_tries")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
