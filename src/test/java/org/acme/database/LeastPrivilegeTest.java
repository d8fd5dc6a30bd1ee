package org.acme.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import jakarta.inject.Inject;

import org.acme.platform.CapturedLog;
import org.acme.testdb.TestDatabase;
import org.acme.testdb.TestDatabaseResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The startup check of the service's login: the service's own role passes; a superuser, a role with CREATEROLE or
 * CREATEDB, the tables' owner and a member of it are each named with their right; in production that refuses to
 * start (a ConfigurationException: Quarkus prints its message alone), elsewhere it is one warning. (The packaged
 * service refusing so: the config-abuse fault scenario.)
 */
@QuarkusTest
class LeastPrivilegeTest {

    private static final String PROBE = "least_privilege_probe";
    private static final String PROBE_PASSWORD = "probe-password";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theServicesOwnRoleHasNoRightTooMany() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            LeastPrivilege.Finding finding = LeastPrivilege.check(connection);

            assertThat(finding.role()).isEqualTo(setting("quarkus.datasource.username"));
            assertThat(finding.rights()).isEmpty();
            LeastPrivilege.enforce(finding, "refuse");
        }
    }

    @Test
    void theTablesOwnerIsNamedWithTheTables() throws SQLException {
        try (Connection connection = connect(setting("quarkus.flyway.username"), setting("quarkus.flyway.password"))) {
            LeastPrivilege.Finding finding = LeastPrivilege.check(connection);

            assertThat(finding.rights()).singleElement().asString()
                    .startsWith("it owns, or can act as the owner of, the tables it serves (")
                    .contains("public.users").contains("public.idempotency_keys");
        }
    }

    @Test
    void aSuperuserIsNamedSo() throws SQLException {
        try (Connection connection = TestDatabase.connect()) {
            // every test database (Dev Services, embedded, a throwaway one on a server) is administered as a superuser
            assertThat(isSuperuser(connection)).as("the test database's administrator is a superuser").isTrue();
            LeastPrivilege.Finding finding = LeastPrivilege.check(connection);

            assertThat(finding.rights()).first().asString().isEqualTo("it is a superuser (SUPERUSER)");
            assertThatThrownBy(() -> LeastPrivilege.enforce(finding, "refuse"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("The service's database login \"" + finding.role()
                            + "\" (APPLICATION_USER) has rights that the service must not have: it is a superuser")
                    .hasMessageEndingWith("; refusing to start");
        }
    }

    @Test
    void rolesThatCanCreateRolesOrDatabasesOrActAsTheOwnerAreNamedWithEachRight() throws SQLException {
        String owner = setting("quarkus.flyway.username");
        try (Connection admin = TestDatabase.connect(); Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + PROBE);
            statement.execute("CREATE ROLE " + PROBE + " LOGIN CREATEDB CREATEROLE IN ROLE " + owner);
            admin.unwrap(PGConnection.class).alterUserPassword(PROBE, PROBE_PASSWORD.toCharArray(), "scram-sha-256");
            statement.execute("GRANT CONNECT ON DATABASE " + admin.getCatalog() + " TO " + PROBE);
            try (Connection probe = connect(PROBE, PROBE_PASSWORD)) {
                LeastPrivilege.Finding finding = LeastPrivilege.check(probe);

                assertThat(finding.role()).isEqualTo(PROBE);
                assertThat(finding.rights()).hasSize(3);
                assertThat(finding.rights().get(0)).isEqualTo("it can create roles (CREATEROLE)");
                assertThat(finding.rights().get(1)).isEqualTo("it can create databases (CREATEDB)");
                assertThat(finding.rights().get(2)).contains("can act as the owner of").contains("public.users");
                assertThatThrownBy(() -> LeastPrivilege.enforce(finding, "refuse"))
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("\"" + PROBE + "\"").hasMessageContaining("CREATEROLE")
                        .hasMessageContaining("CREATEDB").hasMessageContaining("public.users");
            } finally {
                statement.execute("REVOKE CONNECT ON DATABASE " + admin.getCatalog() + " FROM " + PROBE);
                statement.execute("DROP ROLE " + PROBE);
            }
        }
    }

    @Test
    void elsewhereTheFindingIsOneWarning() {
        LeastPrivilege.Finding finding = new LeastPrivilege.Finding("postgres", List.of("it is a superuser (SUPERUSER)"));
        try (CapturedLog log = CapturedLog.start()) {
            LeastPrivilege.enforce(finding, "warn");

            assertThat(log.lines()).filteredOn(line -> line.contains(LeastPrivilege.class.getName()))
                    .singleElement().asString().startsWith("WARN ")
                    .contains("\"postgres\" (APPLICATION_USER)").contains("it is a superuser")
                    .contains("in production the service refuses to start");
        }
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> LeastPrivilege.enforce(new LeastPrivilege.Finding("application", List.of()), "off"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("database.least-privilege");
    }

    private static boolean isSuperuser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(setting(TestDatabaseResource.DATABASE_URL), user, password);
    }

    private static String setting(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
