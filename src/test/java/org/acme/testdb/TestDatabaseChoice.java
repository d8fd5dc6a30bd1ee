package org.acme.testdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.acme.config.JsonConfigFile;
import org.acme.database.ApplicationRoles;
import org.acme.config.JsonConfigSourceFactory;

/**
 * Which PostgreSQL a test run gets, in this order:
 * <ol>
 * <li>{@code POSTGRES_HOSTNAME} is set (environment or {@code config/testing.json}): a uniquely named database
 * on that server;</li>
 * <li>a container runtime answers: Quarkus Dev Services;</li>
 * <li>otherwise: embedded PostgreSQL binaries on a free port in a temporary directory.</li>
 * </ol>
 * {@code TEST_DATABASE=server|devservices|embedded} forces a choice. The same answer is given to
 * {@link DevServicesSwitch}, before Quarkus builds the application under test, and to {@link TestDatabaseResource},
 * before it starts.
 */
record TestDatabaseChoice(Kind kind, String reason, Map<String, String> settings) {

    enum Kind {
        SERVER, DEV_SERVICES, EMBEDDED
    }

    static final String FORCE_VARIABLE = "TEST_DATABASE";

    private static final String[] SETTINGS = { "POSTGRES_HOSTNAME", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER",
            "POSTGRES_PASSWORD", "APPLICATION_DB", "APPLICATION_OWNER", "APPLICATION_OWNER_PASSWORD", "APPLICATION_USER",
            "APPLICATION_USER_PASSWORD" };

    /** The choice for this process: its environment, config/testing.json and the container runtimes that answer. */
    static TestDatabaseChoice current() {
        return choose(System.getenv(), testingConfig(), TestDatabaseChoice::containerRuntime);
    }

    static TestDatabaseChoice choose(Map<String, String> env, Map<String, String> testingConfig,
            Supplier<String> containerRuntime) {
        Map<String, String> settings = new HashMap<>();
        for (String name : SETTINGS) {
            String value = env.get(name);
            if (value == null || value.isEmpty()) {
                value = testingConfig.get(name);
            }
            if (value != null && !value.isEmpty()) {
                settings.put(name, value);
            }
        }
        String forced = env.getOrDefault(FORCE_VARIABLE, "").toLowerCase(Locale.ROOT);
        boolean hasHost = settings.containsKey("POSTGRES_HOSTNAME");
        switch (forced) {
            case "":
                break;
            case "server":
                if (!hasHost) {
                    throw new IllegalStateException(FORCE_VARIABLE + "=server needs POSTGRES_HOSTNAME");
                }
                return new TestDatabaseChoice(Kind.SERVER, FORCE_VARIABLE + "=server", settings);
            case "devservices":
                return new TestDatabaseChoice(Kind.DEV_SERVICES, FORCE_VARIABLE + "=devservices", settings);
            case "embedded":
                return new TestDatabaseChoice(Kind.EMBEDDED, FORCE_VARIABLE + "=embedded", settings);
            default:
                throw new IllegalStateException(FORCE_VARIABLE + " must be server, devservices or embedded, not '"
                        + forced + "'");
        }
        if (hasHost) {
            return new TestDatabaseChoice(Kind.SERVER, "POSTGRES_HOSTNAME is set", settings);
        }
        String runtime = containerRuntime.get();
        if (runtime != null) {
            return new TestDatabaseChoice(Kind.DEV_SERVICES, runtime + " is running", settings);
        }
        return new TestDatabaseChoice(Kind.EMBEDDED, "no POSTGRES_HOSTNAME and no container runtime", settings);
    }

    /** A new database of the chosen kind, not started yet; Dev Services need none. */
    ThrowawayDatabase newDatabase() {
        String databaseName = settings.getOrDefault("APPLICATION_DB", "test") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        return switch (kind) {
            case SERVER -> new ServerDatabase(reason, settings.get("POSTGRES_HOSTNAME"),
                    settings.getOrDefault("POSTGRES_PORT", "5432"), settings.getOrDefault("POSTGRES_DB", "postgres"),
                    settings.getOrDefault("POSTGRES_USER", "postgres"), settings.getOrDefault("POSTGRES_PASSWORD", ""),
                    databaseName);
            case EMBEDDED -> new EmbeddedDatabase(reason, databaseName);
            case DEV_SERVICES -> throw new IllegalStateException("Dev Services start their own database");
        };
    }

    /** The application's two roles, named as config/testing.json (or the environment) names them. */
    ApplicationRoles roles() {
        return new ApplicationRoles(settings.getOrDefault("APPLICATION_OWNER", "test_owner"),
                settings.getOrDefault("APPLICATION_OWNER_PASSWORD", "testing-owner"),
                settings.getOrDefault("APPLICATION_USER", "test_service"),
                settings.getOrDefault("APPLICATION_USER_PASSWORD", "testing-service"));
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
            } catch (IOException e) {
                // not installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
