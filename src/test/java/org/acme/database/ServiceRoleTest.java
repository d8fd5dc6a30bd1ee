package org.acme.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.acme.testdb.TestDatabase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The service's requests run as a role that can read and write the application's tables and nothing else
 * (SECURITY.md): through the service's own datasource, creating, altering or dropping a table is refused with
 * PostgreSQL's insufficient_privilege (42501), the role is no superuser and cannot create databases or roles, and
 * the tables were created by the owner, as whom Flyway migrates.
 */
@QuarkusTest
class ServiceRoleTest {

    static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.flyway.username")
    String owner;

    @Test
    void theServiceRoleCannotCreateATable() {
        assertRefused("CREATE TABLE intruder (id bigint)");
        assertRefused("CREATE TEMPORARY TABLE intruder (id bigint)");
    }

    @Test
    void theServiceRoleCannotDropOrAlterATable() {
        assertRefused("DROP TABLE users");
        assertRefused("ALTER TABLE users ADD COLUMN intruder text");
        assertRefused("TRUNCATE users");
    }

    @Test
    void theServiceRoleCannotTouchTheMigrationHistory() {
        assertRefused("SELECT count(*) FROM " + ApplicationRoles.FLYWAY_HISTORY);
        assertRefused("DELETE FROM " + ApplicationRoles.FLYWAY_HISTORY);
    }

    @Test
    void theServiceRoleIsNoSuperuserAndCannotCreateDatabasesOrRoles() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet role = statement.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole, "
                        + "current_user <> session_user FROM pg_roles WHERE rolname = current_user")) {
            assertThat(role.next()).as("the service's role is in pg_roles").isTrue();
            assertThat(role.getBoolean("rolsuper")).as("superuser").isFalse();
            assertThat(role.getBoolean("rolcreatedb")).as("CREATEDB").isFalse();
            assertThat(role.getBoolean("rolcreaterole")).as("CREATEROLE").isFalse();
            assertThat(role.getBoolean(4)).as("a role switched to after login").isFalse();
        }
    }

    @Test
    void theTablesBelongToTheOwnerThatMigratesThem() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT tablename, tableowner, current_user "
                        + "FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
            int count = 0;
            while (tables.next()) {
                count++;
                assertThat(tables.getString("tableowner")).as(tables.getString("tablename")).isEqualTo(owner)
                        .isNotEqualTo(tables.getString("current_user"));
            }
            assertThat(count).as("tables in public").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void theServiceStillReadsAndWritesItsTables() throws SQLException {
        String location = given().contentType(ContentType.JSON).body("{\"email\":\"least-privilege@example.com\"}")
                .when().post("/users")
                .then().statusCode(201).extract().header("Location");
        given().when().get(location).then().statusCode(200);

        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM users WHERE email = 'least-privilege@example.com'");
        }
    }

    private void assertRefused(String sql) {
        assertThatThrownBy(() -> {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
}
