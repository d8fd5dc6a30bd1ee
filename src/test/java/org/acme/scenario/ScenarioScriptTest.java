package org.acme.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.acme.testdb.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PreferQueryMode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Loading scenarios into the real test database: the shipped ones load, and a broken file fails with its name and
 * line and leaves the data as it was before the load (one transaction).
 */
@QuarkusTest
class ScenarioScriptTest {

    @BeforeEach
    void startFromTwoUsers() {
        ScenarioExtension.load("two-users");
    }

    @AfterEach
    void leaveTheTablesEmpty() {
        ScenarioExtension.load("empty");
    }

    @Test
    void theShippedScenariosLoad() throws SQLException {
        assertThat(ScenarioExtension.load("empty").rowsChanged()).isZero();
        assertThat(emails()).isEmpty();

        ScenarioScript.Loaded many = ScenarioExtension.load("many-users");
        assertThat(many.rowsChanged()).isEqualTo(10_000);
        assertThat(count()).isEqualTo(10_000);

        ScenarioExtension.load("two-users");
        assertThat(emails()).containsExactly("ann@example.com", "bob@example.com");
    }

    @Test
    void badSqlNamesTheFileAndLineAndLoadsNothing() throws SQLException {
        String sql = """
                -- a comment
                INSERT INTO users (email) VALUES ('cy@example.com');

                INSERT INTO users (email)
                    VALUSE ('dee@example.com');
                """;

        assertThatThrownBy(() -> ScenarioExtension.load("scenarios/bad-sql.sql", sql))
                .isInstanceOf(ScenarioScript.LoadException.class)
                .hasMessageStartingWith("scenarios/bad-sql.sql:5: ")
                .hasMessageContaining("syntax error")
                .hasMessageContaining("\n  at: VALUSE ('dee@example.com');")
                .hasMessageNotContaining("Position")
                .hasMessageContaining("rolled back")
                .satisfies(e -> assertThat(((ScenarioScript.LoadException) e).line()).isEqualTo(5));
        assertThat(emails()).containsExactly("ann@example.com", "bob@example.com");
    }

    @Test
    void anUnknownTableNamesTheFileAndLine() throws SQLException {
        String sql = "INSERT INTO users (email) VALUES ('cy@example.com');\nINSERT INTO customers (name) VALUES ('x');\n";

        assertThatThrownBy(() -> ScenarioExtension.load("scenarios/unknown-table.sql", sql))
                .isInstanceOf(ScenarioScript.LoadException.class)
                .hasMessageStartingWith("scenarios/unknown-table.sql:2: ")
                .hasMessageContaining("relation \"customers\" does not exist");
        assertThat(emails()).containsExactly("ann@example.com", "bob@example.com");
    }

    @Test
    void aDuplicateKeyNamesTheFileAndTheKey() throws SQLException {
        String sql = """
                INSERT INTO users (email) VALUES ('cy@example.com');
                INSERT INTO users (email) VALUES ('dee@example.com');
                INSERT INTO users (email)
                VALUES ('CY@example.com');
                """;

        // PostgreSQL gives no position for a constraint violation: the key in its detail says which row it was.
        assertThatThrownBy(() -> ScenarioExtension.load("scenarios/duplicate.sql", sql))
                .isInstanceOf(ScenarioScript.LoadException.class)
                .hasMessageStartingWith("scenarios/duplicate.sql: ")
                .hasMessageContaining("users_email_lower_key")
                .hasMessageContaining("=(cy@example.com) already exists")
                .satisfies(e -> assertThat(((ScenarioScript.LoadException) e).line()).isZero());
        assertThat(emails()).containsExactly("ann@example.com", "bob@example.com");
    }

    @Test
    void aConnectionInTheExtendedProtocolIsRefused() throws SQLException {
        try (Connection connection = TestDatabase.connect(PreferQueryMode.EXTENDED)) {
            assertThatThrownBy(() -> ScenarioScript.load(connection, "scenarios/x.sql", "SELECT 1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("preferQueryMode=simple");
        }
    }

    @Test
    void statementsAreSplitByPostgreSQL() throws SQLException {
        String sql = """
                INSERT INTO users (email) VALUES ('semi;colon@example.com'); -- a ; in a comment
                DO $$ BEGIN
                    INSERT INTO users (email) VALUES ('in-a-block@example.com');
                END $$;
                """;

        ScenarioScript.Loaded loaded = ScenarioExtension.load("scenarios/tricky.sql", sql);

        assertThat(loaded.statements()).isEqualTo(2);
        assertThat(emails()).containsExactly("semi;colon@example.com", "in-a-block@example.com");
    }

    @Test
    void anUnknownScenarioIsNamed() {
        assertThatThrownBy(() -> ScenarioExtension.load("no-such-scenario"))
                .hasMessageContaining("scenarios/no-such-scenario.sql");
    }

    private static List<String> emails() throws SQLException {
        List<String> emails = new ArrayList<>();
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT email FROM users ORDER BY id")) {
            while (result.next()) {
                emails.add(result.getString(1));
            }
        }
        return emails;
    }

    private static long count() throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM users")) {
            result.next();
            return result.getLong(1);
        }
    }
}
