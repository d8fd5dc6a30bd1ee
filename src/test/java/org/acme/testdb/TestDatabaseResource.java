package org.acme.testdb;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

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
 * <p>
 * The packaged artifact runs in the production profile ({@code quarkus.test.integration-test-profile}), so it is
 * configured as production configures it: {@code config/production.json}, with the database's address
 * ({@code POSTGRES_HOSTNAME}, {@code POSTGRES_PORT}, {@code APPLICATION_DB}) and the roles' names given on top, and
 * the service's password from its environment alone (Failsafe's, which it inherits; see pom.xml). As in production,
 * it does not migrate and has no owner password: the same artifact in the profile migrate migrates first
 * ({@link #migrate}), given the owner's password and not the service's.
 */
@WithTestResource(value = TestDatabaseResource.class, scope = TestResourceScope.GLOBAL)
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    static final String FLYWAY_USERNAME = "quarkus.flyway.username";
    static final String FLYWAY_PASSWORD = "quarkus.flyway.password";
    /** Where the tests' own connections go ({@link TestDatabase}), whichever way the application was told. */
    public static final String DATABASE_URL = "test.database.url";
    static final String PACKAGED_ARTIFACT = "test.database.packaged-artifact";
    /** The server's superuser, for the tests' own connections ({@link TestDatabase}), never the application's. */
    public static final String SUPERUSER_USERNAME = "test.database.superuser.username";
    public static final String SUPERUSER_PASSWORD = "test.database.superuser.password";

    /** Where the migration step's output goes, next to the packaged service's (target/quarkus.log). */
    public static final Path MIGRATION_LOG = Path.of("target/quarkus-migrate.log");
    private static final Path ARTIFACT_PROPERTIES = Path.of("target/quarkus-artifact.properties");
    private static final Duration MIGRATION_TIMEOUT = Duration.ofSeconds(120);

    private static final Logger LOG = Logger.getLogger("test-database");

    private Map<String, String> devServices = Map.of();
    /** Set by Failsafe (pom.xml): the application under test is the packaged artifact, in its production profile. */
    private final boolean packagedArtifact = Boolean.getBoolean(PACKAGED_ARTIFACT);
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
            return Map.of(DATABASE_URL, given);
        }
        TestDatabaseChoice choice = TestDatabaseChoice.current();
        if (devServices.containsKey(URL)) {
            LOG.infof("Test database: Quarkus Dev Services container (%s) at %s", choice.reason(),
                    devServices.get(URL));
            // application.properties leaves these empty in the test profile, above Dev Services' own config source
            return withRoles(choice, packagedArtifact, new ThrowawayDatabase.Superuser(devServices.get(URL),
                    devServices.getOrDefault(USERNAME, ""), devServices.getOrDefault(PASSWORD, "")));
        }
        database = choice.newDatabase();
        long started = System.nanoTime();
        try {
            Map<String, String> properties = withRoles(choice, packagedArtifact, database.start());
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
    private static Map<String, String> withRoles(TestDatabaseChoice choice, boolean packagedArtifact,
            ThrowawayDatabase.Superuser superuser) {
        ApplicationRoles roles = choice.roles();
        try (Connection connection = DriverManager.getConnection(superuser.jdbcUrl(), superuser.username(),
                superuser.password())) {
            roles.setUp(connection, connection.getCatalog());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the roles " + roles.owner() + " and " + roles.service()
                    + " on the test database " + superuser.jdbcUrl() + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new HashMap<>(Map.of(DATABASE_URL, superuser.jdbcUrl(),
                SUPERUSER_USERNAME, superuser.username(), SUPERUSER_PASSWORD, superuser.password()));
        if (packagedArtifact) {
            requirePasswordsInEnvironment(roles);
            URI address = URI.create(superuser.jdbcUrl().substring("jdbc:".length()));
            properties.putAll(Map.of("POSTGRES_HOSTNAME", address.getHost(),
                    "POSTGRES_PORT", String.valueOf(address.getPort()),
                    "APPLICATION_DB", address.getPath().substring(1),
                    "APPLICATION_OWNER", roles.owner(), "APPLICATION_USER", roles.service()));
            properties.putAll(productionDatasource());
            migrate(properties, roles.ownerPassword());
        } else {
            properties.putAll(Map.of(URL, superuser.jdbcUrl(), USERNAME, roles.service(),
                    PASSWORD, roles.servicePassword(), FLYWAY_USERNAME, roles.owner(),
                    FLYWAY_PASSWORD, roles.ownerPassword()));
        }
        return properties;
    }

    /**
     * The datasource as application.properties builds it from the names above. Quarkus hands the packaged service
     * the Dev Services' URL and superuser login as system properties; these, given after them, take their place.
     */
    private static Map<String, String> productionDatasource() {
        Properties application = new Properties();
        try (InputStream in = TestDatabaseResource.class.getResourceAsStream("/application.properties")) {
            application.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("application.properties is not on the tests' class path", e);
        }
        Map<String, String> datasource = new HashMap<>();
        for (String name : new String[] { URL, USERNAME, PASSWORD }) {
            datasource.put(name, application.getProperty(name));
        }
        return datasource;
    }

    /**
     * Production's migration step (docs/production.md, "Migrations"): the packaged artifact in the profile migrate,
     * with the owner's password from the environment and the service's removed, migrates and exits 0. Its log is
     * {@link #MIGRATION_LOG}.
     */
    private static void migrate(Map<String, String> properties, String ownerPassword) {
        Path jar = packagedJar();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(MIGRATION_LOG.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("APPLICATION_USER_PASSWORD");
        environment.put("APPLICATION_OWNER_PASSWORD", ownerPassword);
        environment.put("QUARKUS_PROFILE", "migrate");
        for (String name : new String[] { "POSTGRES_HOSTNAME", "POSTGRES_PORT", "APPLICATION_DB", "APPLICATION_OWNER",
                "APPLICATION_USER" }) {
            environment.put(name, properties.get(name));
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(MIGRATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The migration step (" + jar + " in the profile migrate) did not exit "
                        + "within " + MIGRATION_TIMEOUT.toSeconds() + " s; its log is " + MIGRATION_LOG);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("The migration step (" + jar + " in the profile migrate) exited with "
                        + process.exitValue() + "; its log is " + MIGRATION_LOG);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the migration step, " + jar + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the migration step ran", e);
        }
        LOG.infof("Test database migrated by the packaged artifact in the profile migrate (log: %s)", MIGRATION_LOG);
    }

    /** The artifact that @QuarkusIntegrationTest runs, as the build recorded it. */
    private static Path packagedJar() {
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(ARTIFACT_PROPERTIES)) {
            artifact.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("No packaged artifact to migrate with: " + ARTIFACT_PROPERTIES
                    + " cannot be read (" + e.getMessage() + "); run ./mvnw verify", e);
        }
        return ARTIFACT_PROPERTIES.resolveSibling(artifact.getProperty("path"));
    }

    /** The packaged service reads its password from the environment it inherits from this JVM, as in production. */
    private static void requirePasswordsInEnvironment(ApplicationRoles roles) {
        if (!roles.servicePassword().equals(System.getenv("APPLICATION_USER_PASSWORD"))) {
            throw new IllegalStateException("The packaged service runs with its production configuration and takes "
                    + "its password from the environment: set APPLICATION_USER_PASSWORD for the integration tests "
                    + "(pom.xml sets it for Failsafe)");
        }
    }

    /** The roles of the test database, as the application and the migration step are given them. */
    public static ApplicationRoles roles() {
        return TestDatabaseChoice.current().roles();
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
