package org.acme.manage.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.acme.database.ApplicationRoles;
import org.acme.manage.ManageException;

/**
 * How to run the packaged service: which {@code java}, with which JVM options, against which database, with
 * which extra environment. Immutable; the {@code with...} methods return changed copies.
 *
 * @param java        the java executable
 * @param jvmOptions  options before {@code -jar}
 * @param jar         target/quarkus-app/quarkus-run.jar
 * @param configDir   the directory with production.json (APPLICATION_CONFIG_DIR)
 * @param environment the whole environment of the process (database settings included)
 */
public record ServiceLaunch(Path java, List<String> jvmOptions, Path jar, Path configDir,
        Map<String, String> environment) {

    /**
     * The JVM options of docker/Dockerfile.jvm (JVM_FLAGS): what a production deployment on a small machine uses,
     * with {@code -XX:MaxRAM} standing for the container's memory limit (512 MiB, that of the Kubernetes manifests
     * and docker/production.yml), which the JVM in the image reads from its cgroup: the heap is a quarter of it.
     * Measured by the bench (issue 6): the serial collector and a small heap take the RSS after the load from about
     * 350 to 260 MiB at no loss of throughput; the JIT stays tiered, as by default (C1 alone holds about 60 MiB
     * less, at up to twice the CPU per request once C2 has compiled: docs/performance.md, "C1 only, or C2"). Out of
     * memory, the JVM exits rather than serve on in an unknown state.
     */
    public static final List<String> PRODUCTION_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:MaxRAM=512m",
            "-XX:MaxRAMPercentage=25", "-Xss256k", "-XX:ReservedCodeCacheSize=64m",
            "-XX:+ExitOnOutOfMemoryError");

    public ServiceLaunch {
        jvmOptions = List.copyOf(jvmOptions);
        environment = Map.copyOf(environment);
    }

    /**
     * The service's two roles on a throwaway server (docs/production.md, "Database roles"): named as in
     * config/production.json, with the server's random password.
     */
    public static ApplicationRoles roles(ThrowawayPostgres server) {
        return new ApplicationRoles("application_owner", server.password(), "application", server.password());
    }

    /** How long the migration step may take before {@link #prod} gives up on it. */
    static final Duration MIGRATION_TIMEOUT = Duration.ofSeconds(120);

    /**
     * The service in its prod profile against {@code database} on {@code server}, after production's migration step
     * ({@link #migration}) migrated it: JSON logs, config from {@code configDir}/production.json, the connection
     * settings from the environment (as in production). The service's two roles are set up on {@code database}
     * first ({@link #roles}): it runs as the role that reads and writes the tables and is not given the owner's
     * password, never the superuser's. Nothing of the caller's environment sets the service's configuration
     * (QUARKUS_*, OTEL_*: no tracing unless given with {@link #withEnvironment}).
     *
     * @throws ManageException when the migration step does not exit 0, with the end of its log
     */
    public static ServiceLaunch prod(Path java, Path jar, Path configDir, Map<String, String> baseEnvironment,
            ThrowawayPostgres server, String database) {
        migrate(migration(java, jar, configDir, baseEnvironment, server, database),
                server.logFile().resolveSibling("migrate-" + database + ".log"));
        ApplicationRoles roles = roles(server);
        Map<String, String> env = productionEnvironment(configDir, baseEnvironment, server, database);
        env.put("APPLICATION_USER", roles.service());
        env.put("APPLICATION_USER_PASSWORD", roles.servicePassword());
        return new ServiceLaunch(java, List.of(), jar, configDir, env);
    }

    /**
     * Production's migration step against {@code database} (docs/production.md, "Migrations"): the same jar in the
     * profile migrate, given the owner's password and not the service's; it migrates and exits. The roles are set up
     * first, as for {@link #prod}.
     */
    public static ServiceLaunch migration(Path java, Path jar, Path configDir, Map<String, String> baseEnvironment,
            ThrowawayPostgres server, String database) {
        ApplicationRoles roles = roles(server);
        try (Connection connection = server.connect(database)) {
            roles.setUp(connection, database);
        } catch (SQLException e) {
            throw new ManageException("cannot set up the service's roles on " + database + ": " + e.getMessage(), e);
        }
        Map<String, String> env = productionEnvironment(configDir, baseEnvironment, server, database);
        env.put("QUARKUS_PROFILE", "migrate");
        env.put("APPLICATION_OWNER", roles.owner());
        env.put("APPLICATION_OWNER_PASSWORD", roles.ownerPassword());
        return new ServiceLaunch(java, List.of(), jar, configDir, env);
    }

    private static Map<String, String> productionEnvironment(Path configDir, Map<String, String> baseEnvironment,
            ThrowawayPostgres server, String database) {
        Map<String, String> env = new HashMap<>(baseEnvironment);
        env.keySet().removeIf(key -> key.startsWith("POSTGRES_") || key.startsWith("QUARKUS_")
                || key.startsWith("APPLICATION_") || key.startsWith("OTEL_") || key.equals("JAVA_TOOL_OPTIONS")
                || key.equals("JDK_JAVA_OPTIONS"));
        env.put("APPLICATION_CONFIG_DIR", configDir.toString());
        env.put("POSTGRES_HOSTNAME", server.host());
        env.put("POSTGRES_PORT", String.valueOf(server.port()));
        env.put("APPLICATION_DB", database);
        return env;
    }

    /** Runs a migration step to its end; its output goes to {@code logFile}. */
    private static void migrate(ServiceLaunch migration, Path logFile) {
        ServiceProcess step = ServiceProcess.launch(migration, logFile);
        OptionalInt exit = step.awaitExitOrKill(MIGRATION_TIMEOUT);
        if (exit.isEmpty() || exit.getAsInt() != 0) {
            throw new ManageException("the migration step (the service in the profile migrate) "
                    + (exit.isEmpty() ? "did not exit within " + MIGRATION_TIMEOUT.toSeconds() + " s"
                            : "exited with code " + exit.getAsInt()) + "; its log " + logFile + " ends with:\n"
                    + step.logTail());
        }
    }

    /** The same launch with its environment file read from {@code dir} (APPLICATION_CONFIG_DIR). */
    public ServiceLaunch withConfigDir(Path dir) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("APPLICATION_CONFIG_DIR", dir.toString());
        return new ServiceLaunch(java, jvmOptions, jar, dir, env);
    }

    public ServiceLaunch withJava(Path otherJava) {
        return new ServiceLaunch(otherJava, jvmOptions, jar, configDir, environment);
    }

    public ServiceLaunch withJvmOptions(List<String> more) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(more);
        return new ServiceLaunch(java, options, jar, configDir, environment);
    }

    public ServiceLaunch withEnvironment(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(more);
        return new ServiceLaunch(java, jvmOptions, jar, configDir, env);
    }

    public ServiceLaunch withoutEnvironment(String... names) {
        Map<String, String> env = new HashMap<>(environment);
        for (String name : names) {
            env.remove(name);
        }
        return new ServiceLaunch(java, jvmOptions, jar, configDir, env);
    }

    /** The command line, for a given HTTP port. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }
}
