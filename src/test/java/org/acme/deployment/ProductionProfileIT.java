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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged service as production runs it (the prod profile, config/production.json, passwords from the
 * environment): it serves as the least-privileged of its two roles, migrated as the owner, and logs JSON lines
 * that hold neither password.
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
        List<String> lines = Files.readAllLines(LOG);
        assertThat(lines).as("the service's log").isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.hasNonNull("level") && entry.hasNonNull("message")).as("a JSON log entry: " + line)
                    .isTrue();
        }
        assertThat(String.join("\n", lines)).contains("Profile prod activated")
                .doesNotContain(System.getenv("APPLICATION_USER_PASSWORD"))
                .doesNotContain(System.getenv("APPLICATION_OWNER_PASSWORD"));
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
