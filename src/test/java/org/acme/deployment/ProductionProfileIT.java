package org.acme.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.acme.testdb.TestDatabase;
import org.acme.testdb.TestDatabaseResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged service as production runs it (the prod profile, config/production.json, its password from the
 * environment), after production's migration step (the same artifact in the profile migrate, TestDatabaseResource):
 * the step migrated as the owner and exited, the service serves as the least-privileged of the two roles without
 * the owner's password, and both log JSON lines that hold neither password.
 */
@QuarkusIntegrationTest
class ProductionProfileIT {

    /** Where @QuarkusIntegrationTest writes the packaged service's output. */
    private static final Path LOG = Path.of("target/quarkus.log");

    @Test
    void requestsRunAsTheServiceRoleAndTheMigrationsAsTheOwner() throws SQLException {
        long id = given().contentType("application/json").body("{\"email\":\"production-profile@example.com\"}")
                .post("/users").then().statusCode(201).extract().jsonPath().getLong("id");
        given().get("/users/" + id).then().statusCode(200).body("email", equalTo("production-profile@example.com"));

        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = "
                    + "current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()"))
                    .as("the roles the service's own connections log in as")
                    .containsExactly(setting("APPLICATION_USER"));
            assertThat(strings(statement, "SELECT DISTINCT installed_by FROM flyway_schema_history"))
                    .containsExactly(setting("APPLICATION_OWNER"));
        }
    }

    @Test
    void logsAreJsonLinesWithoutPasswords() throws IOException {
        List<String> lines = jsonLines(LOG);
        assertThat(String.join("\n", lines)).contains("Profile prod activated")
                .doesNotContain(TestDatabaseResource.roles().servicePassword())
                .doesNotContain(TestDatabaseResource.roles().ownerPassword());
    }

    /** The serving process says so when its environment holds the owner's password (JsonConfigSourceFactory). */
    @Test
    void theServiceRunsWithoutTheOwnerPassword() throws IOException {
        assertThat(String.join("\n", jsonLines(LOG))).contains("Profile prod activated")
                .doesNotContain("APPLICATION_OWNER_PASSWORD is set");
    }

    @Test
    void theMigrationStepMigratedAndExitedWithoutServing() throws IOException {
        String log = String.join("\n", jsonLines(TestDatabaseResource.MIGRATION_LOG));

        assertThat(log).containsPattern("Successfully applied|is up to date").contains("stopped in")
                .doesNotContain("Listening on")
                .doesNotContain(TestDatabaseResource.roles().servicePassword())
                .doesNotContain(TestDatabaseResource.roles().ownerPassword());
    }

    /** Each line of {@code log}, which must be a JSON log entry. */
    private static List<String> jsonLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as(log.toString()).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.hasNonNull("level") && entry.hasNonNull("message")).as("a JSON log entry: " + line)
                    .isTrue();
        }
        return lines;
    }

    private static String setting(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
