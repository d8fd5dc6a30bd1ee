package org.acme.testdb;

import java.time.Duration;
import java.util.Map;

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
            return Map.of(URL, devServices.get(URL), USERNAME, devServices.getOrDefault(USERNAME, ""),
                    PASSWORD, devServices.getOrDefault(PASSWORD, ""));
        }
        database = choice.newDatabase();
        long started = System.nanoTime();
        try {
            Map<String, String> coordinates = database.start();
            LOG.infof("Test database: %s, ready in %d ms", database.describe(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return coordinates;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test database, " + database.describe() + ": "
                    + e.getMessage(), e);
        }
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
