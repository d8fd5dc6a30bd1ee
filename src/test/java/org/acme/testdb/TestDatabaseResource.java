package org.acme.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.acme.database.ApplicationRoles;
import org.jboss.logging.Logger;

import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Hands every application under test its PostgreSQL ({@link TestDatabaseChoice}): the Dev Services container,
 * or a database it starts and removes itself, on a server or embedded. Global, so it serves {@code @QuarkusTest}
 * in Surefire and in continuous testing, and {@code @QuarkusIntegrationTest} with the packaged artifact alike.
 * A URL given explicitly ({@code -Dquarkus.datasource.jdbc.url=...}) is used as it is.
 */
@WithTestResource(value = TestDatabaseResource.class, scope = TestResourceScope.GLOBAL)
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    static final String FLYWAY_USERNAME = "quarkus.flyway.username";
    static final String FLYWAY_PASSWORD = "quarkus.flyway.password";
    /** The server's superuser, for the tests' own connections ({@link TestDatabase}), never the application's. */
    public static final String SUPERUSER_USERNAME = "test.database.superuser.username";
    public static final String SUPERUSER_PASSWORD = "test.database.superuser.password";

    private static final Logger LOG = Logger.getLogger("test-database");

    private Map<String, String> devServices = Map.of();
    private ThrowawayDatabase database;

    @Override
    public void setIntegrationTestContext(DevServicesContext context) {
        devServices = context.devServicesProperties();
    }

    @Override
    public Map<String, String> start() {
        String given = System.getProperty(URL, System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        if (given != null && !given.isEmpty()) {
            LOG.infof("Test database: %s, given explicitly", given);
            return Map.of();
        }
        TestDatabaseChoice choice = TestDatabaseChoice.current();
        if (devServices.containsKey(URL)) {
            LOG.infof("Test database: Quarkus Dev Services container (%s) at %s", choice.reason(),
                    devServices.get(URL));
            // application.properties leaves these empty in the test profile, above Dev Services' own config source
            return withRoles(choice, new ThrowawayDatabase.Superuser(devServices.get(URL),
                    devServices.getOrDefault(USERNAME, ""), devServices.getOrDefault(PASSWORD, "")));
        }
        database = choice.newDatabase();
        long started = System.nanoTime();
        try {
            Map<String, String> properties = withRoles(choice, database.start());
            LOG.infof("Test database: %s, ready in %d ms", database.describe(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return properties;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test database, " + database.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The application's two roles on the new database, as in every other environment (ApplicationRoles): the
     * application logs in as the service's role, Flyway as the owner, the tests' own connections as the superuser.
     */
    private static Map<String, String> withRoles(TestDatabaseChoice choice, ThrowawayDatabase.Superuser superuser) {
        ApplicationRoles roles = choice.roles();
        try (Connection connection = DriverManager.getConnection(superuser.jdbcUrl(), superuser.username(),
                superuser.password())) {
            roles.setUp(connection, connection.getCatalog());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the roles " + roles.owner() + " and " + roles.service()
                    + " on the test database " + superuser.jdbcUrl() + ": " + e.getMessage(), e);
        }
        return Map.of(URL, superuser.jdbcUrl(), USERNAME, roles.service(), PASSWORD, roles.servicePassword(),
                FLYWAY_USERNAME, roles.owner(), FLYWAY_PASSWORD, roles.ownerPassword(),
                SUPERUSER_USERNAME, superuser.username(), SUPERUSER_PASSWORD, superuser.password());
    }

    @Override
    public void stop() {
        if (database == null) {
            return;
        }
        try {
            database.close();
            LOG.infof("Test database removed: %s", database.describe());
        } catch (Exception e) {
            LOG.warnf(e, "Could not remove the test database, %s", database.describe());
        } finally {
            database = null;
        }
    }
}
