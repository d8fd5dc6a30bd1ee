package org.acme.manage.scenario;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.acme.database.ApplicationRoles;
import org.acme.manage.Context;
import org.acme.manage.files.LogFiles;
import org.acme.manage.ManageException;
import org.acme.manage.db.DatabaseName;
import org.acme.manage.db.DatabaseTarget;
import org.acme.manage.db.InitialDatabase;
import org.acme.manage.environment.Environment;
import org.acme.manage.process.Processes;
import org.acme.manage.files.Directories;
import org.acme.manage.harness.ThrowawayPostgres;
import org.acme.scenario.ScenarioScript;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * What {@code scenario up} starts and {@code scenario down} removes, all under {@code .data/scenario}: the
 * throwaway PostgreSQL ({@code server/}), the service's dev-mode log ({@code service.log}) and the state that
 * ties them together ({@code scenario.properties}: scenario, port, service pid and start time).
 */
final class ScenarioSession {

    /** Quarkus ends the sentence with a full stop: "Listening on: http://localhost:8080. Management ..." */
    private static final Pattern LISTENING = Pattern.compile("Listening on: (https?://\\S+?)\\.?(?:\\s|$)");

    private final Context context;
    private final Path base;
    private final Path stateFile;
    private final Path serviceLog;

    ScenarioSession(Context context) {
        this.context = context;
        this.base = context.projectDir().resolve(".data").resolve("scenario");
        this.stateFile = base.resolve("scenario.properties");
        this.serviceLog = base.resolve("service.log");
    }

    void up(String name, boolean withService, int timeoutSeconds, List<String> mavenArgs) {
        Environment environment = context.environment();
        if (environment.isProduction()) {
            throw new ManageException("scenario runs throwaway databases for development; not with "
                    + "APPLICATION_CONFIG=production", ManageException.USAGE);
        }
        Scenarios scenarios = new Scenarios();
        Scenarios.Scenario scenario = scenarios.named(name);
        if (Files.exists(base)) {
            Properties state = state();
            throw new ManageException("scenario " + state.getProperty("name", "?") + " is up already (" + relative(base)
                    + "); stop it first with: scripts/manage scenario down");
        }
        ThrowawayPostgres.refuseRoot();
        DatabaseName database = DatabaseName.of(environment.require("APPLICATION_DB"),
                environment.origin("APPLICATION_DB"));
        String user = environment.require("POSTGRES_USER");
        String password = environment.require("POSTGRES_PASSWORD");
        Properties state = new Properties();
        state.setProperty("name", scenario.name());
        try {
            context.out().println("Starting a throwaway PostgreSQL for scenario " + scenario.name() + " (data in "
                    + relative(base) + ")");
            context.out().flush();
            ThrowawayPostgres server = ThrowawayPostgres.startIn(context.processEnvironment(), context.out(),
                    base.resolve("server"), user, password, ThrowawayPostgres.NO_DURABILITY);
            state.setProperty("port", String.valueOf(server.port()));
            state.setProperty("user", user);
            state.setProperty("database", database.name());
            saveState(state);
            server.createDatabase(database);
            ApplicationRoles roles = InitialDatabase.roles(environment);
            try (Connection connection = server.connect(database.name())) {
                roles.setUp(connection, database.name());
            } catch (SQLException e) {
                throw new ManageException("cannot set up the service's roles on " + database.name() + ": "
                        + e.getMessage(), e);
            }
            DatabaseTarget target = server.target(database.name());
            // as the owner, as the service's Flyway would: the tables are the owner's, the service's role may use them
            migrate(new DatabaseTarget(target.host(), target.port(), roles.owner(), roles.ownerPassword(),
                    target.maintenanceDatabase(), target.applicationDatabase()), database);
            load(target, database, scenario, scenarios.sql(scenario.name()));
            String psql = "psql postgresql://" + user + "@" + server.host() + ":" + server.port() + "/"
                    + database.name() + "   (the password is " + environment.origin("POSTGRES_PASSWORD")
                    .replace(context.projectDir() + "/", "") + ")";
            if (!withService) {
                context.out().println("Scenario " + scenario.name() + " is up (database only) on " + target.describe()
                        + ".\n  psql: " + psql + "\n  Stop it with: scripts/manage scenario down");
                return;
            }
            String url = startService(environment, server, database, state, timeoutSeconds, mavenArgs);
            context.out().println("Scenario " + scenario.name() + " is up:\n"
                    + "  service: " + url + " (try " + url.replaceFirst("/$", "") + "/users)\n"
                    + "  psql:    " + psql + "\n"
                    + "  log:     " + relative(serviceLog) + " (dev mode: live reload on save)\n"
                    + "  Stop it all with: scripts/manage scenario down");
        } catch (RuntimeException e) {
            context.err().println("manage: scenario up failed; removing what it started");
            removeAll();
            throw e;
        }
    }

    void down() {
        if (!Files.exists(base)) {
            context.out().println("No scenario is up (no " + relative(base) + ")");
            return;
        }
        Properties state = state();
        removeAll();
        context.out().println("Scenario " + state.getProperty("name", "?") + " is down: service and database "
                + "stopped, " + relative(base) + " deleted");
    }

    int status() {
        if (!Files.exists(base)) {
            context.out().println("No scenario is up. Start one with: scripts/manage scenario up NAME "
                    + "(see scripts/manage scenario list)");
            return 3;
        }
        Properties state = state();
        Optional<ProcessHandle> service = service(state);
        context.out().println("Scenario " + state.getProperty("name", "?") + ": database on 127.0.0.1:"
                + state.getProperty("port", "?") + (Files.exists(base.resolve("server/data/postmaster.pid"))
                        ? " (running)" : " (not running)")
                + ", service " + service.map(process -> "pid " + process.pid() + " at "
                        + state.getProperty("url", "?")).orElse("not running"));
        return 0;
    }

    private void migrate(DatabaseTarget target, DatabaseName database) {
        Path migrations = context.projectDir().resolve("src/main/resources/db/migration");
        try {
            var result = Flyway.configure(getClass().getClassLoader())
                    .dataSource(target.dataSource(database.name()))
                    .locations("filesystem:" + migrations).cleanDisabled(true).load().migrate();
            context.out().println("Applied " + result.migrationsExecuted + " migration(s): schema version "
                    + result.targetSchemaVersion);
        } catch (FlywayException e) {
            throw new ManageException("migration failed: " + e.getMessage(), e);
        }
    }

    private void load(DatabaseTarget target, DatabaseName database, Scenarios.Scenario scenario, String sql) {
        PGSimpleDataSource dataSource = target.dataSource(database.name());
        dataSource.setPreferQueryMode(PreferQueryMode.SIMPLE); // what ScenarioScript needs: the file as one query
        try (Connection connection = dataSource.getConnection()) {
            ScenarioScript.Loaded loaded = ScenarioScript.load(connection, scenario.resource(), sql);
            context.out().println("Loaded scenario " + scenario.name() + ": " + loaded.statements() + " statement(s), "
                    + loaded.rowsChanged() + " row(s) in " + loaded.millis() + " ms");
        } catch (ScenarioScript.LoadException e) {
            throw new ManageException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new ManageException("cannot load " + scenario.resource() + " into " + target.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private String startService(Environment environment, ThrowawayPostgres server, DatabaseName database,
            Properties state, int timeoutSeconds, List<String> mavenArgs) {
        List<String> command = new ArrayList<>();
        // Its own session when setsid exists: the service outlives this command and ignores this terminal's Ctrl-C.
        Processes.onPath("setsid", context.processEnvironment()).ifPresent(setsid -> command.add(setsid.toString()));
        command.addAll(List.of("./mvnw", "quarkus:dev", "-Dquarkus.console.enabled=false", "-Ddebug=false"));
        command.addAll(mavenArgs);
        Map<String, String> env = environment.childEnvironment();
        env.put("POSTGRES_HOSTNAME", server.host());
        env.put("POSTGRES_PORT", String.valueOf(server.port()));
        env.put("APPLICATION_DB", database.name());
        context.processes().announce(command);
        ProcessBuilder builder = new ProcessBuilder(command).directory(context.projectDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serviceLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ManageException("cannot start ./mvnw quarkus:dev: " + e.getMessage(), e);
        }
        state.setProperty("service.pid", String.valueOf(process.pid()));
        process.info().startInstant().ifPresent(start -> state.setProperty("service.start", start.toString()));
        saveState(state);
        context.out().println("Starting the service in dev mode against it (log in " + relative(serviceLog)
                + "); waiting for it to listen...");
        context.out().flush();
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> url = listeningUrl();
            if (url.isPresent()) {
                state.setProperty("url", url.get());
                saveState(state);
                return url.get();
            }
            if (!process.isAlive()) {
                throw new ManageException("the service stopped (exit " + process.exitValue() + ") before listening; "
                        + relative(serviceLog) + " ends with:\n" + logTail());
            }
            try {
                process.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ManageException("interrupted while waiting for the service");
            }
        }
        throw new ManageException("the service did not listen within " + timeoutSeconds + " s; "
                + relative(serviceLog) + " ends with:\n" + logTail());
    }

    private Optional<String> listeningUrl() {
        try {
            Matcher matcher = LISTENING.matcher(Files.readString(serviceLog, StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stops the service's whole process tree, then the database, then deletes .data/scenario. */
    private void removeAll() {
        Properties state = state();
        service(state).ifPresent(this::stopTree);
        int port = Integer.parseInt(state.getProperty("port", "0"));
        ThrowawayPostgres.attach(context.processEnvironment(), context.out(), base.resolve("server"), port).close();
        Directories.deleteTree(base);
        deleteIfEmpty(base.getParent());
    }

    /** .data holds the environments' databases too: it goes only when nothing else is in it. */
    private static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // not there, or not empty: nothing to do
        }
    }

    private void stopTree(ProcessHandle root) {
        // Collected before anything stops: once Maven exits, the dev-mode JVM it forked is no longer its child.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.sort(Comparator.comparingLong(ProcessHandle::pid));
        tree.add(0, root);
        context.out().println("Stopping the service (pid " + root.pid() + " and " + (tree.size() - 1)
                + " child process(es))");
        context.out().flush();
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(30);
        for (ProcessHandle process : tree) {
            try {
                long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
                process.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    /** The service process recorded in the state, when it still runs (and is still the same process). */
    private static Optional<ProcessHandle> service(Properties state) {
        String pid = state.getProperty("service.pid");
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).filter(process -> {
            String start = state.getProperty("service.start");
            return start == null || process.info().startInstant().map(Instant::toString).map(start::equals)
                    .orElse(true);
        });
    }

    private Properties state() {
        Properties state = new Properties();
        if (Files.exists(stateFile)) {
            try (InputStream in = Files.newInputStream(stateFile)) {
                state.load(in);
            } catch (IOException e) {
                context.err().println("manage: cannot read " + relative(stateFile) + ": " + e.getMessage());
            }
        }
        return state;
    }

    private void saveState(Properties state) {
        try {
            Files.createDirectories(base);
            try (OutputStream out = Files.newOutputStream(stateFile)) {
                state.store(out, "scripts/manage scenario up: what scenario down removes");
            }
        } catch (IOException e) {
            throw new ManageException("cannot write " + stateFile + ": " + e.getMessage(), e);
        }
    }

    private String logTail() {
        return LogFiles.tail(serviceLog, 20);
    }

    private Path relative(Path path) {
        return context.projectDir().relativize(path);
    }
}
