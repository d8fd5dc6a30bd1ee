package org.acme.testdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.acme.config.JsonConfigFile;
import org.acme.config.JsonConfigSourceFactory;
import org.jboss.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives every test run its own PostgreSQL, chosen before Quarkus builds the application under test:
 * <ol>
 * <li>{@code POSTGRES_HOSTNAME} is set (environment or {@code config/testing.json}): a uniquely named database
 * on that server;</li>
 * <li>a container runtime answers: Quarkus Dev Services;</li>
 * <li>otherwise: embedded PostgreSQL binaries on a free port in a temporary directory.</li>
 * </ol>
 * {@code TEST_DATABASE=server|devservices|embedded} forces a choice. The database is removed when the run ends,
 * whether the tests passed or not.
 */
public class TestDatabaseSession implements LauncherSessionListener {

    static final String FORCE_VARIABLE = "TEST_DATABASE";

    private static final Logger LOG = Logger.getLogger("test-database");

    private ThrowawayDatabase database;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("quarkus.datasource.jdbc.url") != null) {
            LOG.info("Test database: quarkus.datasource.jdbc.url is set, using it as it is");
            return;
        }
        database = choose(System.getenv(), testingConfig());
        long started = System.nanoTime();
        try {
            database.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test database, " + database.describe() + ": "
                    + e.getMessage(), e);
        }
        LOG.infof("Test database: %s, ready in %d ms", database.describe(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
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

    static ThrowawayDatabase choose(Map<String, String> env, Map<String, String> testingConfig) {
        String forced = env.getOrDefault(FORCE_VARIABLE, "").toLowerCase(Locale.ROOT);
        String host = value("POSTGRES_HOSTNAME", env, testingConfig);
        String databaseName = value("APPLICATION_DB", env, testingConfig, "test") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        switch (forced) {
            case "":
                break;
            case "server":
                if (host == null) {
                    throw new IllegalStateException(FORCE_VARIABLE + "=server needs POSTGRES_HOSTNAME");
                }
                return server(env, testingConfig, host, databaseName, FORCE_VARIABLE + "=server");
            case "devservices":
                return new DevServicesDatabase(FORCE_VARIABLE + "=devservices");
            case "embedded":
                return new EmbeddedDatabase(FORCE_VARIABLE + "=embedded", databaseName);
            default:
                throw new IllegalStateException(FORCE_VARIABLE + " must be server, devservices or embedded, not '"
                        + forced + "'");
        }
        if (host != null) {
            return server(env, testingConfig, host, databaseName, "POSTGRES_HOSTNAME is set");
        }
        String runtime = containerRuntime();
        if (runtime != null) {
            return new DevServicesDatabase(runtime + " is running");
        }
        return new EmbeddedDatabase("no POSTGRES_HOSTNAME and no container runtime", databaseName);
    }

    private static ThrowawayDatabase server(Map<String, String> env, Map<String, String> config, String host,
            String databaseName, String reason) {
        return new ServerDatabase(reason, host,
                value("POSTGRES_PORT", env, config, "5432"),
                value("POSTGRES_DB", env, config, "postgres"),
                value("POSTGRES_USER", env, config, "postgres"),
                value("POSTGRES_PASSWORD", env, config, ""),
                databaseName);
    }

    private static String value(String name, Map<String, String> env, Map<String, String> config) {
        return value(name, env, config, null);
    }

    private static String value(String name, Map<String, String> env, Map<String, String> config, String fallback) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            value = config.get(name);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The same environment file the application reads in the test profile, so both see one configuration. */
    private static Map<String, String> testingConfig() {
        String dir = System.getProperty(JsonConfigSourceFactory.CONFIG_DIR_PROPERTY,
                System.getenv().getOrDefault("APPLICATION_CONFIG_DIR", JsonConfigSourceFactory.DEFAULT_CONFIG_DIR));
        Path file = JsonConfigSourceFactory.configFile(Path.of(dir), "test");
        return Files.exists(file) ? JsonConfigFile.read(file).values() : Map.of();
    }

    /** A container runtime that answers, as Dev Services need it; null when there is none. */
    private static String containerRuntime() {
        for (String runtime : new String[] { "docker", "podman" }) {
            try {
                Process process = new ProcessBuilder(runtime, "info").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                } else if (process.exitValue() == 0) {
                    return runtime;
                }
            } catch (java.io.IOException e) {
                // not installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
