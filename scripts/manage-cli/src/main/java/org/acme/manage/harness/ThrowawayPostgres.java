package org.acme.manage.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.acme.manage.ManageException;
import org.acme.manage.files.LogFiles;
import org.acme.manage.db.DatabaseName;
import org.acme.manage.db.DatabaseTarget;
import org.acme.manage.db.PostgresBinaries;
import org.acme.manage.files.Directories;
import org.acme.manage.process.Processes;

import com.sun.security.auth.module.UnixSystem;

/**
 * A PostgreSQL server for one run of a benchmark or a fault-injection suite: its own cluster in a temporary
 * directory, listening on 127.0.0.1 only on a port the OS picked, a random password, deleted by {@link #close()}.
 * <p>
 * It can be stopped and started again on the same port with its data ({@link #stopDatabase}, {@link #startDatabase}),
 * so that a client sees the database go away and come back.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    /** How {@link #stopDatabase} stops the server (pg_ctl's shutdown modes). */
    public enum StopMode {
        /** Waits for clients to disconnect. */
        SMART,
        /** Disconnects clients, rolls back their transactions, shuts down cleanly. */
        FAST,
        /** Quits at once, like a crash; recovery runs at the next start. */
        IMMEDIATE
    }

    public static final String SUPERUSER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PostgresBinaries binaries;
    private final Processes processes;
    private final Map<String, String> serverEnvironment;
    private final Path baseDir;
    private final Path dataDir;
    private final Path logFile;
    private final String user;
    private final String password;
    private final int port;
    private boolean running;

    private ThrowawayPostgres(PostgresBinaries binaries, Map<String, String> environment, Path baseDir, String user,
            String password, int port) {
        this.binaries = binaries;
        this.processes = new Processes(new PrintWriter(PrintWriter.nullWriter()));
        this.serverEnvironment = serverEnvironment(environment);
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.logFile = baseDir.resolve("postgres.log");
        this.user = user;
        this.password = password;
        this.port = port;
    }

    /** postgresql.conf lines for a server whose data may be lost: nothing is flushed to disk. */
    public static final List<String> NO_DURABILITY = List.of("fsync = off", "synchronous_commit = off",
            "full_page_writes = off");

    /**
     * Creates a cluster in a new temporary directory, with a random superuser password, and starts it.
     *
     * @param settings extra postgresql.conf lines (may be empty)
     */
    public static ThrowawayPostgres start(Map<String, String> environment, PrintWriter out, List<String> settings) {
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("throwaway-postgres-");
        } catch (IOException e) {
            throw new ManageException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        return startIn(environment, out, baseDir, SUPERUSER, HexFormat.of().formatHex(secret), settings);
    }

    /** Creates a cluster in {@code dir} (which must not hold one) for {@code user} and starts it on a free port. */
    public static ThrowawayPostgres startIn(Map<String, String> environment, PrintWriter out, Path dir, String user,
            String password, List<String> settings) {
        refuseRoot();
        ThrowawayPostgres server = new ThrowawayPostgres(PostgresBinaries.unpacked(environment, out), environment,
                dir, user, password, FreePort.pick());
        try {
            server.initialize(settings);
            server.startDatabase();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A server that an earlier command started in {@code dir} on {@code port}, to stop and remove it. */
    public static ThrowawayPostgres attach(Map<String, String> environment, PrintWriter out, Path dir, int port) {
        return new ThrowawayPostgres(PostgresBinaries.unpacked(environment, out), environment, dir, SUPERUSER, "",
                port);
    }

    public static void refuseRoot() {
        if (new UnixSystem().getUid() == 0) {
            throw new ManageException("PostgreSQL refuses to run as root, so this command cannot start its "
                    + "throwaway database as root. Run it as an unprivileged user, for example:\n"
                    + "  runuser -u builder -- scripts/manage ...");
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return FreePort.LOOPBACK;
    }

    public String user() {
        return user;
    }

    public Path dir() {
        return baseDir;
    }

    public String password() {
        return password;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return running;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A new connection as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Where to connect, in the shape the other commands use. */
    public DatabaseTarget target(String applicationDatabase) {
        return new DatabaseTarget(host(), port, user, password, "postgres", applicationDatabase);
    }

    /** Creates a database; the name must be a plain identifier. */
    public void createDatabase(String name) {
        createDatabase(DatabaseName.of(name, "a throwaway database"));
    }

    public void createDatabase(DatabaseName name) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name.quoted());
        } catch (SQLException e) {
            throw new ManageException("cannot create database " + name.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Inserts {@code count} users with emails PREFIX-N@example.com into the service's users table of
     * {@code database} (migrated); returns the smallest and largest id of them.
     */
    public long[] seedUsers(String database, String prefix, int count) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO users (email) SELECT '" + prefix + "-' || g || '@example.com' "
                    + "FROM generate_series(1, " + count + ") AS g");
            try (ResultSet range = statement.executeQuery("SELECT min(id), max(id) FROM users WHERE email LIKE '"
                    + prefix + "-%'")) {
                range.next();
                return new long[] {range.getLong(1), range.getLong(2)};
            }
        }
    }

    /** Environment variables for libpq clients (psql, pgbench) that reach this server. */
    public Map<String, String> clientEnvironment(String database) {
        return Map.of("PGHOST", host(), "PGPORT", String.valueOf(port), "PGUSER", user(), "PGPASSWORD", password,
                "PGDATABASE", database);
    }

    /** Starts the server (again) on its port; returns once it accepts connections. */
    public void startDatabase() {
        Processes.Output started = processes.capture(List.of(binaries.program("pg_ctl"), "start", "-D",
                dataDir.toString(), "-l", logFile.toString(), "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()),
                "-o", "-p " + port), serverEnvironment, baseDir, START_TIMEOUT.plusSeconds(10));
        if (!started.succeeded()) {
            throw new ManageException("PostgreSQL did not start on " + host() + ":" + port + ": " + started.text()
                    + "\nits log ends with:\n" + logTail());
        }
        running = true;
    }

    /** Stops the server; its data stays for {@link #startDatabase()}. */
    public void stopDatabase(StopMode mode) {
        Processes.Output stopped = processes.capture(List.of(binaries.program("pg_ctl"), "stop", "-D",
                dataDir.toString(), "-m", mode.name().toLowerCase(), "-w", "-t", "60"), serverEnvironment, baseDir,
                Duration.ofSeconds(70));
        if (!stopped.succeeded()) {
            throw new ManageException("PostgreSQL did not stop: " + stopped.text());
        }
        running = false;
    }

    /** The postmaster's pid while it runs. */
    public Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops the server (fast) and deletes its directory, as well as it can. */
    @Override
    public void close() {
        if (running || pid().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isPresent()) {
            try {
                stopDatabase(StopMode.FAST);
            } catch (RuntimeException e) {
                pid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        try {
            Directories.deleteTree(baseDir);
        } catch (ManageException e) {
            // what is left is in a directory of its own; the caller says where when that matters
        }
    }

    public String logTail() {
        return LogFiles.tail(logFile, 15);
    }

    private void initialize(List<String> settings) {
        Path passwordFile = baseDir.resolve("pw.tmp");
        try {
            Files.createDirectories(baseDir);
            Files.writeString(passwordFile, password + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Processes.Output initdb = processes.capture(List.of(binaries.program("initdb"), "-D", dataDir.toString(),
                    "-U", user, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8",
                    "--no-locale", "--no-instructions"), serverEnvironment, baseDir, Duration.ofMinutes(3));
            if (!initdb.succeeded()) {
                throw new ManageException("initdb failed (exit " + initdb.exitCode() + "): " + initdb.text());
            }
            List<String> lines = new ArrayList<>(List.of("", "# Added by the throwaway database harness.",
                    "listen_addresses = '" + FreePort.LOOPBACK + "'", "unix_socket_directories = ''"));
            lines.addAll(settings);
            lines.add("");
            Files.writeString(dataDir.resolve("postgresql.conf"), String.join("\n", lines), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ManageException("cannot prepare " + dataDir + ": " + e.getMessage(), e);
        } finally {
            passwordFile.toFile().delete();
        }
    }

    private static Map<String, String> serverEnvironment(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.keySet().removeIf(key -> key.startsWith("PG"));
        env.put("LC_ALL", "C");
        return env;
    }
}
