package org.acme.manage.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.acme.manage.ManageException;
import org.acme.manage.files.LogFiles;

/**
 * The packaged service running as a real child process on 127.0.0.1, its API and its management interface (health,
 * metrics) each on a port the OS picked, its output in a log file. {@link #awaitReady} waits for the first 200 on
 * {@code GET /}; {@link #terminateService} sends SIGTERM (a graceful shutdown), {@link #killService} SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Readiness, on the management interface: 200 when the service can serve, 503 when not (no database, stopping). */
    public static final String READINESS = "/q/health/ready";

    private final Process process;
    private final long launchedNanos;
    private final int port;
    private final int managementPort;
    private final Path logFile;

    private ServiceProcess(Process process, long launchedNanos, int port, int managementPort, Path logFile) {
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = logFile;
    }

    /** Launches the service; returns at once (see {@link #awaitReady}). */
    public static ServiceProcess launch(ServiceLaunch launch, Path logFile) {
        int port = FreePort.pick();
        int managementPort = FreePort.pick();
        List<String> command = launch.command();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.jar().getParent().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(logFile.toFile());
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        builder.environment().put("QUARKUS_HTTP_HOST", FreePort.LOOPBACK);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", FreePort.LOOPBACK);
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        try {
            Files.createDirectories(logFile.getParent());
            long launched = System.nanoTime();
            return new ServiceProcess(builder.start(), launched, port, managementPort, logFile);
        } catch (IOException e) {
            throw new ManageException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + FreePort.LOOPBACK + ":" + port;
    }

    /** Where health and metrics answer (the management interface). */
    public String managementUrl() {
        return "http://" + FreePort.LOOPBACK + ":" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@code GET /} every 5 ms until it answers 200; returns the time from launch to that answer.
     *
     * @throws ManageException when the process exits or the timeout passes first
     */
    public Duration awaitReady(Duration timeout) {
        long deadline = launchedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ManageException("the service exited with code " + process.exitValue()
                        + " before answering; its log " + logFile + " ends with:\n" + logTail());
            }
            if (status("/") == 200) {
                return Duration.ofNanos(System.nanoTime() - launchedNanos);
            }
            sleep(5);
        }
        throw new ManageException("the service did not answer 200 on GET / within " + timeout.toSeconds()
                + " s; its log " + logFile + " ends with:\n" + logTail());
    }

    /** The HTTP status of a GET on the API, or -1 when nothing answers (HTTP/1.0, no keep-alive). */
    public int status(String path) {
        return status(port, path);
    }

    /** The HTTP status of {@link #READINESS} on the management interface, or -1 when nothing answers. */
    public int readiness() {
        return status(managementPort, READINESS);
    }

    private static int status(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FreePort.LOOPBACK, port), 500);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + FreePort.LOOPBACK + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String statusLine = new String(head, StandardCharsets.US_ASCII);
            return statusLine.startsWith("HTTP/") && statusLine.length() >= 12
                    ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Resident set size of the service process in KiB. */
    public OptionalLong rssKib() {
        return Rss.kib(process.pid());
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code, empty when it had to be killed. */
    public OptionalInt terminateService(Duration grace) {
        signalTerminate();
        OptionalInt exit = awaitExit(grace);
        if (exit.isEmpty()) {
            killService();
        }
        return exit;
    }

    /** Sends SIGTERM (a graceful shutdown) and returns at once. */
    public void signalTerminate() {
        process.destroy();
    }

    /** Waits for the process to exit; returns its exit code, empty when it still runs after {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    /**
     * For a launch that should stop by itself: waits up to {@code timeout} for its exit, then kills it if it still
     * runs; returns its exit code, empty when it did not exit in time.
     */
    public OptionalInt awaitExitOrKill(Duration timeout) {
        try {
            return awaitExit(timeout);
        } finally {
            killService();
        }
    }

    /** Sends SIGKILL and waits for the process to be gone. */
    public void killService() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminateService(Duration.ofSeconds(30));
        }
    }

    public String logTail() {
        return LogFiles.tail(logFile, 20);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManageException("interrupted while waiting for the service");
        }
    }
}
