package org.acme.manage.db;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.acme.manage.ManageException;
import org.acme.manage.files.LogFiles;
import org.acme.manage.process.Processes;

/**
 * The CLI's one PostgreSQL runner ({@code db up} embedded, {@code scenario up}, {@code bench}, {@code faults},
 * {@code db new -m}): a cluster made by initdb with a password-protected superuser, on 127.0.0.1 only over TCP,
 * started in the background by pg_ctl (it outlives this process; postmaster.pid is the pid file) and stopped in any
 * pg_ctl mode, by this process or a later one.
 * <p>
 * Not zonky's EmbeddedPostgres: it puts -F, max_connections=300 and synchronous_commit=off on the server's command
 * line, where they beat postgresql.conf and ALTER SYSTEM (the too-many-connections fault restarts with ALTER SYSTEM
 * max_connections); its superuser has no password; its close() only stops its own server, in fast mode.
 */
public final class PostgresCluster {

    public static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** A live server of the cluster: the postmaster's pid and the port it listens on. */
    public record Running(long pid, int port) {
    }

    private final Map<String, String> environment;
    private final PrintWriter out;
    private final Processes processes;
    private final Path dataDir;
    private final Path logFile;
    private PostgresBinaries binaries;

    /** @param processes runs initdb and pg_ctl; it shows them, or not, as it does for every command */
    public PostgresCluster(Map<String, String> environment, PrintWriter out, Processes processes, Path dataDir,
            Path logFile) {
        this.environment = serverEnvironment(environment);
        this.out = out;
        this.processes = processes;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean exists() {
        return Files.exists(dataDir.resolve("PG_VERSION"));
    }

    /**
     * Runs initdb: superuser {@code user} with {@code password} (scram-sha-256), UTF-8 without locale, and
     * {@code settings} (postgresql.conf lines, may be empty) after this runner's own.
     */
    public void create(String user, String password, List<String> settings) {
        Path passwordFile = null;
        try {
            Files.createDirectories(dataDir.getParent());
            passwordFile = Files.createTempFile(dataDir.getParent(), "pw-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n");
            run("initdb", List.of("-D", dataDir.toString(), "-U", user, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-instructions"),
                    Duration.ofMinutes(3), "initdb failed");
            List<String> lines = new ArrayList<>(List.of("",
                    "# Added by scripts/manage: reachable from this machine only, over TCP only.",
                    "listen_addresses = '" + HOST + "'", "unix_socket_directories = ''"));
            lines.addAll(settings);
            lines.add("");
            Files.writeString(dataDir.resolve("postgresql.conf"), String.join("\n", lines), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ManageException("cannot prepare " + dataDir + ": " + e.getMessage(), e);
        } finally {
            if (passwordFile != null) {
                passwordFile.toFile().delete();
            }
        }
    }

    /** Starts the server on {@code port}; returns once it accepts connections. */
    public void start(int port) {
        run("pg_ctl", List.of("start", "-D", dataDir.toString(), "-l", logFile.toString(), "-w", "-t",
                String.valueOf(START_TIMEOUT.toSeconds()), "-o", "-p " + port), START_TIMEOUT.plusSeconds(10),
                "PostgreSQL did not start on " + HOST + ":" + port);
    }

    /** Stops the server; its data stays. {@code mode} is pg_ctl's: smart, fast or immediate. */
    public void stop(String mode) {
        run("pg_ctl", List.of("stop", "-D", dataDir.toString(), "-m", mode, "-w", "-t", "60"), Duration.ofSeconds(70),
                "PostgreSQL did not stop");
    }

    /** The server when postmaster.pid names a live process. */
    public Optional<Running> running() {
        try {
            // postmaster.pid holds one value per line: pid, data directory, start time, port, ...
            // (PostgreSQL documentation, "Database File Layout").
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(process -> new Running(pid, port));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public String logTail() {
        return LogFiles.tail(logFile, 15);
    }

    private void run(String program, List<String> arguments, Duration timeout, String failure) {
        if (binaries == null) {
            binaries = PostgresBinaries.unpacked(environment, out);
        }
        List<String> command = new ArrayList<>(List.of(binaries.program(program)));
        command.addAll(arguments);
        Processes.Output output = processes.runShown(command, environment, dataDir.getParent(), timeout);
        if (!output.succeeded()) {
            throw new ManageException(failure + " (" + program + " exit " + output.exitCode() + "): "
                    + output.text().strip() + "\nthe log " + logFile + " ends with:\n" + logTail());
        }
    }

    private static Map<String, String> serverEnvironment(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        // The server must not pick up client settings meant for psql.
        env.keySet().removeIf(key -> key.startsWith("PG"));
        env.put("LC_ALL", "C");
        return env;
    }
}
