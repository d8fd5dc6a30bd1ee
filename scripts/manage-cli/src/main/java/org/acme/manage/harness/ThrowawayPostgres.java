package org.acme.manage.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.acme.manage.ManageException;
import org.acme.manage.db.DatabaseName;
import org.acme.manage.db.DatabaseTarget;
import org.acme.manage.db.PostgresBinaries;
import org.acme.manage.db.PostgresCluster;
import org.acme.manage.files.Directories;
import org.acme.manage.process.Processes;

/**
 * A PostgreSQL server for one run of a benchmark, a fault-injection suite, a scenario or a schema comparison: its own
 * {@link PostgresCluster} in a temporary directory, on a port the OS picked, with a random password unless the caller
 * gives one, deleted by {@link #close()}.
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

    private final PostgresCluster cluster;
    private final Path baseDir;
    private final String user;
    private final String password;
    private final int port;
    private boolean running;

    private ThrowawayPostgres(Map<String, String> environment, PrintWriter out, Path baseDir, String user,
            String password, int port) {
        this.cluster = new PostgresCluster(environment, out, new Processes(new PrintWriter(PrintWriter.nullWriter())),
                baseDir.resolve("data"), baseDir.resolve("postgres.log"));
        this.baseDir = baseDir;
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
        ThrowawayPostgres server = new ThrowawayPostgres(environment, out, dir, user, password, freePort());
        try {
            server.cluster.create(user, password, settings);
            server.startDatabase();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A server that an earlier command started in {@code dir} on {@code port}, to stop and remove it. */
    public static ThrowawayPostgres attach(Map<String, String> environment, PrintWriter out, Path dir, int port) {
        return new ThrowawayPostgres(environment, out, dir, SUPERUSER, "", port);
    }

    /** A port on 127.0.0.1 that was free a moment ago (the OS picks it): the server binds it soon after. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(PostgresCluster.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ManageException("cannot find a free port on " + PostgresCluster.HOST + ": " + e.getMessage(), e);
        }
    }

    public static void refuseRoot() {
        PostgresBinaries.refuseRoot("start a throwaway database", "");
    }

    public int port() {
        return port;
    }

    public String host() {
        return PostgresCluster.HOST;
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
        return cluster.logFile();
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
        cluster.start(port);
        running = true;
    }

    /** Stops the server; its data stays for {@link #startDatabase()}. */
    public void stopDatabase(StopMode mode) {
        cluster.stop(mode.name().toLowerCase());
        running = false;
    }

    /** The postmaster's pid while it runs. */
    public Optional<Long> pid() {
        return cluster.running().map(PostgresCluster.Running::pid);
    }

    /** Stops the server (fast) and deletes its directory, as well as it can. */
    @Override
    public void close() {
        if (running || pid().isPresent()) {
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
        return cluster.logTail();
    }
}
