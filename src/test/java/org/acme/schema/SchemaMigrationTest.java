package org.acme.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Flyway builds the schema at startup; Hibernate only validates its mapping against it (the application would
 * not have started for these tests if the two disagreed).
 */
@QuarkusTest
class SchemaMigrationTest {

    @Inject
    Flyway flyway;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyMigrationIsAppliedAtStartup() {
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().applied()).extracting(info -> info.getState()).containsOnly(MigrationState.SUCCESS);
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo(latestMigrationVersion());
    }

    @Test
    void usersTableHasAGeneratedIdAndARequiredEmailOfAtMost254Characters() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet columns = statement.executeQuery("""
                        SELECT column_name, data_type, character_maximum_length, is_nullable, is_identity
                        FROM information_schema.columns WHERE table_name = 'users' AND column_name IN ('id', 'email')
                        ORDER BY ordinal_position""")) {
            assertThat(columns.next()).isTrue();
            assertThat(columns.getString("column_name")).isEqualTo("id");
            assertThat(columns.getString("data_type")).isEqualTo("bigint");
            assertThat(columns.getString("is_identity")).isEqualTo("YES");
            assertThat(columns.next()).isTrue();
            assertThat(columns.getString("column_name")).isEqualTo("email");
            assertThat(columns.getString("data_type")).isEqualTo("character varying");
            assertThat(columns.getInt("character_maximum_length")).isEqualTo(254);
            assertThat(columns.getString("is_nullable")).isEqualTo("NO");
            assertThat(columns.next()).isFalse();
        }
    }

    /**
     * Flyway opens connections of its own, as the owner and without the datasource's options: quarkus.flyway.init-sql
     * gives them the statement timeout that the service's connections have. Seen from a callback of a Flyway
     * configured as the application's, on the connection that Flyway hands it.
     */
    @Test
    void flywaysConnectionsHaveTheServicesStatementTimeout() throws SQLException {
        List<String> seen = new ArrayList<>();
        Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration())
                .callbacks(new BaseCallback() {
                    @Override
                    public boolean supports(Event event, Context context) {
                        return event == Event.BEFORE_INFO;
                    }

                    @Override
                    public void handle(Event event, Context context) {
                        seen.add(currentSetting(context.getConnection(), "statement_timeout") + " as "
                                + currentSetting(context.getConnection(), "session_authorization"));
                    }
                }).load().info();

        String serviceTimeout;
        try (Connection connection = dataSource.getConnection()) {
            serviceTimeout = currentSetting(connection, "statement_timeout");
        }
        assertThat(serviceTimeout).isNotEqualTo("0");
        assertThat(seen).containsExactly(serviceTimeout + " as " + flyway.getConfiguration().getUser());
    }

    private static String currentSetting(Connection connection, String name) {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The highest V<n> among the migration files of the source tree. */
    private static String latestMigrationVersion() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(file -> file.getFileName().toString())
                    .map(name -> name.replaceFirst("^V(\\d+)__.*\\.sql$", "$1"))
                    .filter(version -> version.matches("\\d+"))
                    .max(Comparator.comparingInt(Integer::parseInt))
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void emailsAreUniqueWhateverTheirCase() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet index = statement.executeQuery(
                        "SELECT indexdef FROM pg_indexes WHERE tablename = 'users' AND indexname = 'users_email_lower_key'")) {
            assertThat(index.next()).isTrue();
            assertThat(index.getString(1)).startsWith("CREATE UNIQUE INDEX").contains("lower((email)::text)");
        }
    }
}
