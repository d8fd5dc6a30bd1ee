package org.acme.manage.throwaway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.db.DatabaseName;
import org.acme.manage.db.DatabaseTarget;
import org.acme.manage.db.PostgresBinaries;
import org.acme.manage.process.Processes;

import com.sun.security.auth.module.UnixSystem;

/**
 * A PostgreSQL server that exists for one job: its own cluster in a directory of its own, on a port the OS picked,
 * 127.0.0.1 only, no durability (fsync off). The same zonky binaries as the development database
 * ({@link PostgresBinaries}). {@link #remove()} stops it and deletes the directory.
 */
public final class ThrowawayPostgres {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Context context;
    private final Path dir;
    private final String user;
    private final String password;
    private int port;

    private ThrowawayPostgres(Context context, Path dir, String user, String password, int port) {
        this.context = context;
        this.dir = dir;
        this.user = user;
        this.password = password;
        this.port = port;
    }

    /** A server that was started earlier in {@code dir} on {@code port} (to stop and remove it). */
    public static ThrowawayPostgres existing(Context context, Path dir, String user, String password, int port) {
        return new ThrowawayPostgres(context, dir, user, password, port);
    }

    /** Creates a cluster in {@code dir} (which must not hold one) and starts it on a free port. */
    public static ThrowawayPostgres start(Context context, Path dir, String user, String password) {
        refuseRoot();
        ThrowawayPostgres server = new ThrowawayPostgres(context, dir, user, password, 0);
        try {
            server.initialize();
            server.port = freePort();
            server.startServer();
            return server;
        } catch (RuntimeException e) {
            server.remove();
            throw e;
        }
    }

    public static void refuseRoot() {
        if (new UnixSystem().getUid() == 0) {
            throw new ManageException("PostgreSQL refuses to run as root, so scripts/manage cannot start a throwaway "
                    + "database as root. Run it as an unprivileged user, for example: runuser -u builder -- "
                    + "scripts/manage ...");
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public String host() {
        return HOST;
    }

    /** Where to connect, in the shape the other commands use. */
    public DatabaseTarget target(String applicationDatabase) {
        return new DatabaseTarget(HOST, port, user, password, "postgres", applicationDatabase);
    }

    /** Creates {@code name} (a checked identifier) and returns it. */
    public String createDatabase(DatabaseName name) {
        try (Connection connection = target(name.name()).connect("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name.quoted());
            return name.name();
        } catch (SQLException e) {
            throw new ManageException("cannot create database " + name + " on the throwaway server: "
                    + e.getMessage(), e);
        }
    }

    public boolean isRunning() {
        return Files.exists(dir.resolve("data/postmaster.pid"));
    }

    /** Stops the server (when it runs) and deletes its directory; never fails, says what it could not do. */
    public void remove() {
        if (isRunning()) {
            try {
                PostgresBinaries binaries = PostgresBinaries.unpacked(context.processEnvironment(), context.out());
                Processes.Output stopped = context.processes().capture(List.of(binaries.program("pg_ctl"), "stop",
                        "-D", dir.resolve("data").toString(), "-m", "immediate", "-w"), serverEnvironment(),
                        context.projectDir(), Duration.ofSeconds(60));
                if (!stopped.succeeded()) {
                    context.err().println("manage: pg_ctl stop failed: " + stopped.text().strip());
                }
            } catch (RuntimeException e) {
                context.err().println("manage: cannot stop the throwaway PostgreSQL in " + dir + ": " + e.getMessage());
            }
        }
        deleteTree(dir);
    }

    private void initialize() {
        PostgresBinaries binaries = PostgresBinaries.unpacked(context.processEnvironment(), context.out());
        Path data = dir.resolve("data");
        Path passwordFile = dir.resolve("pw.tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(passwordFile, password + "\n", StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Processes.Output initdb = context.processes().capture(List.of(binaries.program("initdb"),
                    "-D", data.toString(), "-U", user, "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                    "--encoding=UTF8", "--no-locale", "--no-instructions", "--no-sync"), serverEnvironment(),
                    context.projectDir(), Duration.ofMinutes(3));
            if (!initdb.succeeded()) {
                throw new ManageException("initdb failed (exit " + initdb.exitCode() + "):\n" + initdb.text());
            }
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                    "",
                    "# Added by scripts/manage: a throwaway server, local TCP only, no durability.",
                    "listen_addresses = '" + HOST + "'",
                    "unix_socket_directories = ''",
                    "fsync = off",
                    "synchronous_commit = off",
                    "full_page_writes = off",
                    ""), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ManageException("cannot prepare " + dir + ": " + e.getMessage(), e);
        } finally {
            passwordFile.toFile().delete();
        }
    }

    private void startServer() {
        PostgresBinaries binaries = PostgresBinaries.unpacked(context.processEnvironment(), context.out());
        Path log = dir.resolve("postgres.log");
        Processes.Output started = context.processes().capture(List.of(binaries.program("pg_ctl"), "start",
                "-D", dir.resolve("data").toString(), "-l", log.toString(), "-w", "-t",
                String.valueOf(START_TIMEOUT.toSeconds()), "-o", "-p " + port), serverEnvironment(),
                context.projectDir(), START_TIMEOUT.plusSeconds(10));
        if (!started.succeeded()) {
            String tail;
            try {
                tail = Files.readString(log);
            } catch (IOException e) {
                tail = started.text();
            }
            throw new ManageException("the throwaway PostgreSQL did not start:\n" + tail);
        }
    }

    private Map<String, String> serverEnvironment() {
        Map<String, String> env = new HashMap<>(context.processEnvironment());
        env.keySet().removeIf(key -> key.startsWith("PG"));
        env.put("LC_ALL", "C");
        return env;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ManageException("cannot find a free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ManageException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
