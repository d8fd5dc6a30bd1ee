package org.acme.manage.process;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.acme.manage.ManageException;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Starts the programs that the commands delegate to, and says what it runs. */
public final class Processes {

    /** What a finished program printed (stdout and stderr together) and its exit code. */
    public record Output(int exitCode, String text) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final PrintWriter out;

    public Processes(PrintWriter out) {
        this.out = out;
    }

    /**
     * Runs a program in the foreground, attached to this terminal, and returns its exit code.
     * <p>
     * Ctrl-C reaches the program directly (it is in the terminal's process group), so this JVM ignores SIGINT
     * while it waits and reports once the program has stopped; a SIGTERM sent to this JVM alone is passed on.
     */
    public int runInteractive(List<String> command, Map<String, String> environment, Path directory) {
        announce(command);
        Process process = start(builder(command, environment, directory).inheritIO(), command);
        SignalHandler previousInt = Signal.handle(new Signal("INT"), signal -> { });
        SignalHandler previousTerm = Signal.handle(new Signal("TERM"), signal -> process.destroy());
        try {
            return waitFor(process);
        } finally {
            Signal.handle(new Signal("INT"), previousInt);
            Signal.handle(new Signal("TERM"), previousTerm);
        }
    }

    /** Runs a program to completion and collects its output; a program still running after timeout is killed. */
    public Output capture(List<String> command, Map<String, String> environment, Path directory, Duration timeout) {
        File outputFile;
        try {
            outputFile = File.createTempFile("manage-", ".out");
        } catch (IOException e) {
            throw new ManageException("cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            // Output goes to a file, not a pipe: a program that leaves a daemon behind (pg_ctl start) must not
            // keep us waiting for the pipe to close.
            Process process = start(builder(command, environment, directory)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(outputFile), command);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ManageException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
            return new Output(process.exitValue(), Files.readString(outputFile.toPath(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManageException("interrupted while running " + command.get(0));
        } catch (IOException e) {
            throw new ManageException("cannot read the output of " + command.get(0) + ": " + e.getMessage(), e);
        } finally {
            outputFile.delete();
        }
    }

    /** Like {@link #capture} but prints the command first and its output after. */
    public Output runShown(List<String> command, Map<String, String> environment, Path directory, Duration timeout) {
        announce(command);
        Output output = capture(command, environment, directory, timeout);
        if (!output.text().isBlank()) {
            output.text().lines().forEach(line -> out.println("  " + line));
        }
        out.flush();
        return output;
    }

    /** The program's path when it is on the PATH of {@code environment}. */
    public static Optional<Path> onPath(String program, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public void announce(List<String> command) {
        out.println("+ " + command.stream().map(Processes::quoteForDisplay).collect(Collectors.joining(" ")));
        out.flush();
    }

    private static String quoteForDisplay(String word) {
        return word.isEmpty() || word.matches(".*[\\s'\"*;&|<>$`\\\\].*") ? "'" + word.replace("'", "'\\''") + "'"
                : word;
    }

    private static ProcessBuilder builder(List<String> command, Map<String, String> environment, Path directory) {
        // Java looks programs up on its own PATH; the child's PATH is the one that counts.
        List<String> resolved = new java.util.ArrayList<>(command);
        if (!command.get(0).contains("/")) {
            onPath(command.get(0), environment).ifPresent(program -> resolved.set(0, program.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    private static Process start(ProcessBuilder builder, List<String> command) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new ManageException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                process.destroy();
            }
        }
    }
}
