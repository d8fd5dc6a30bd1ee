package org.acme.manage.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.acme.manage.Context;
import org.acme.manage.files.LogFiles;
import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;
import org.acme.manage.process.Processes;

import com.sun.security.auth.module.UnixSystem;

/**
 * The embedded database for machines without a container engine: PostgreSQL from Maven Central, its data in
 * {@code .data/<environment>/postgres} inside the project, run in the background by {@code pg_ctl} (whose
 * {@code postmaster.pid} is the pid file), listening on 127.0.0.1 only.
 */
public final class LocalPostgresServer implements DevDatabase {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String LISTEN_ADDRESS = "127.0.0.1";

    private final Context context;
    private final Environment environment;
    private final DatabaseTarget target;
    private final Path dataDir;
    private final Path logFile;

    public LocalPostgresServer(Context context, Environment environment) {
        this.context = context;
        this.environment = environment;
        this.target = DatabaseTarget.of(environment);
        Path base = environment.projectDir().resolve(".data").resolve(environment.name());
        this.dataDir = base.resolve("postgres");
        this.logFile = base.resolve("postgres.log");
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public boolean isContainer() {
        return false;
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL " + PostgresBinaries.version() + " on " + LISTEN_ADDRESS + ":" + target.port()
                + ", data in " + context.projectDir().relativize(dataDir);
    }

    @Override
    public void up() {
        Optional<RunningServer> running = runningServer();
        if (running.isPresent()) {
            context.out().println("The " + environment.name() + " database is already running: "
                    + describe(running.get()));
            warnOnOtherPort(running.get());
            return;
        }
        refuseRoot("start");
        PostgresBinaries binaries = PostgresBinaries.unpacked(context.processEnvironment(), context.out());
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initialize(binaries);
        }
        checkPortFree();
        context.out().println("Starting the " + environment.name() + " database: " + describe());
        Processes.Output started = context.processes().runShown(List.of(binaries.program("pg_ctl"), "start",
                "-D", dataDir.toString(), "-l", logFile.toString(), "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()),
                "-o", "-p " + target.port()), serverEnvironment(), context.projectDir(), START_TIMEOUT.plusSeconds(10));
        if (!started.succeeded()) {
            throw new ManageException("PostgreSQL did not start; its log " + logFile + " ends with:\n" + logTail());
        }
        context.out().println("The " + environment.name() + " database is up: " + describe() + ", log in "
                + context.projectDir().relativize(logFile) + ". It keeps running until: scripts/manage db down");
    }

    @Override
    public void down() {
        if (runningServer().isEmpty()) {
            context.out().println("The " + environment.name() + " database is not running (" + describe() + ")");
            return;
        }
        refuseRoot("stop");
        PostgresBinaries binaries = PostgresBinaries.unpacked(context.processEnvironment(), context.out());
        Processes.Output stopped = context.processes().runShown(List.of(binaries.program("pg_ctl"), "stop",
                "-D", dataDir.toString(), "-m", "fast", "-w"), serverEnvironment(), context.projectDir(),
                Duration.ofSeconds(70));
        if (!stopped.succeeded()) {
            throw new ManageException("PostgreSQL did not stop; see " + logFile);
        }
        context.out().println("The " + environment.name() + " database is stopped; its data stays in "
                + context.projectDir().relativize(dataDir));
    }

    @Override
    public int status() {
        Optional<RunningServer> running = runningServer();
        if (running.isEmpty()) {
            context.out().println(environment.name() + " database: embedded, not running"
                    + (Files.exists(dataDir.resolve("PG_VERSION")) ? " (data kept in "
                            + context.projectDir().relativize(dataDir) + ")" : " (not created yet)")
                    + ". Start it with: scripts/manage db up");
            return 3;
        }
        context.out().println(environment.name() + " database: " + describe(running.get()));
        warnOnOtherPort(running.get());
        return DatabaseProbe.report(context, target);
    }

    /** A live server of this data directory: its pid and the port it listens on. */
    public record RunningServer(long pid, int port) {
    }

    private String describe(RunningServer server) {
        return "embedded PostgreSQL " + PostgresBinaries.version() + " on " + LISTEN_ADDRESS + ":" + server.port()
                + ", data in " + context.projectDir().relativize(dataDir) + ", pid " + server.pid();
    }

    private void warnOnOtherPort(RunningServer server) {
        if (server.port() != target.port()) {
            context.out().println("  note: it listens on port " + server.port() + " but POSTGRES_PORT is "
                    + target.port() + " (" + environment.origin("POSTGRES_PORT") + "); restart it on the configured "
                    + "port with: scripts/manage db down && scripts/manage db up");
        }
    }

    /** The server when postmaster.pid names a live process. */
    public Optional<RunningServer> runningServer() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            // postmaster.pid holds one value per line: pid, data directory, start time, port, ...
            // (PostgreSQL documentation, "Database File Layout").
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(process -> new RunningServer(pid, port));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void initialize(PostgresBinaries binaries) {
        context.out().println("Creating the " + environment.name() + " database cluster in "
                + context.projectDir().relativize(dataDir) + " (superuser " + target.user() + " from "
                + environment.origin("POSTGRES_USER") + ")");
        Path passwordFile = null;
        try {
            Files.createDirectories(dataDir.getParent());
            passwordFile = Files.createTempFile(dataDir.getParent(), "pw-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, target.password() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            Processes.Output initdb = context.processes().runShown(List.of(binaries.program("initdb"),
                    "-D", dataDir.toString(), "-U", target.user(), "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-instructions"),
                    serverEnvironment(), context.projectDir(), Duration.ofMinutes(3));
            if (!initdb.succeeded()) {
                throw new ManageException("initdb failed (exit " + initdb.exitCode() + ")");
            }
            Files.writeString(dataDir.resolve("postgresql.conf"), String.join("\n",
                    "",
                    "# Added by scripts/manage: reachable from this machine only, over TCP only.",
                    "listen_addresses = '" + LISTEN_ADDRESS + "'",
                    "unix_socket_directories = ''",
                    ""), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ManageException("cannot prepare " + dataDir + ": " + e.getMessage(), e);
        } finally {
            if (passwordFile != null) {
                passwordFile.toFile().delete();
            }
        }
    }

    private void checkPortFree() {
        try (ServerSocket socket = new ServerSocket(target.port(), 1, InetAddress.getByName(LISTEN_ADDRESS))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new ManageException("port " + target.port() + " on " + LISTEN_ADDRESS + " is taken by another "
                    + "program, so the " + environment.name() + " database cannot start there. Stop that program, or "
                    + "choose another port with POSTGRES_PORT (" + environment.origin("POSTGRES_PORT") + ")");
        }
    }

    private void refuseRoot(String action) {
        if (new UnixSystem().getUid() == 0) {
            throw new ManageException("PostgreSQL refuses to run as root, so scripts/manage cannot " + action
                    + " the embedded database as root. Run it as an unprivileged user, for example:\n"
                    + "  runuser -u builder -- scripts/manage db " + (action.equals("start") ? "up" : "down") + "\n"
                    + "or start a container engine (docker) so that the database runs from docker/"
                    + environment.name() + ".yml");
        }
    }

    private java.util.Map<String, String> serverEnvironment() {
        java.util.Map<String, String> env = new java.util.HashMap<>(context.processEnvironment());
        // The server must not pick up client settings meant for psql.
        env.keySet().removeIf(key -> key.startsWith("PG"));
        env.put("LC_ALL", "C");
        return env;
    }

    private String logTail() {
        return LogFiles.tail(logFile, 15);
    }
}
