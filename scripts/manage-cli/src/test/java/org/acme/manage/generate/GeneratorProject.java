package org.acme.manage.generate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.TestProject;

import picocli.CommandLine;

/**
 * A copy of what {@code new resource} reads from the project (the users resource, the migrations, the scenarios,
 * docs/api.md), to run it against with a stand-in for the migration step: no Maven, no PostgreSQL.
 */
final class GeneratorProject {

    static final List<String> COPIED = List.of("src/main/java/org/acme/user", "src/main/resources/db/migration",
            "src/test/resources/scenarios", "docs/api.md");

    record Result(int exitCode, String out, String err) {
    }

    private final Path dir;
    /** The migrations that the stand-in wrote, by message. */
    final List<String> migrations = new ArrayList<>();
    /** Set to make the migration step fail as a service that does not compile would. */
    RuntimeException migrationFailure;

    GeneratorProject(Path dir) throws IOException {
        this.dir = dir;
        for (String path : COPIED) {
            Path source = TestProject.REAL_PROJECT.resolve(path);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = dir.resolve(TestProject.REAL_PROJECT.relativize(file));
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }

    Path dir() {
        return dir;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Context context = new Context(dir, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        Function<String, Path> migration = message -> {
            if (migrationFailure != null) {
                throw migrationFailure;
            }
            migrations.add(message);
            Path file = new org.acme.manage.db.Migrations(context).nextFile(message);
            try {
                return Files.writeString(file, "-- " + message + "\n");
            } catch (IOException e) {
                throw new ManageException(e.getMessage(), e);
            }
        };
        CommandLine commandLine = new CommandLine(new NewCommand(context, () -> { }, migration)).setOut(context.out())
                .setErr(context.err()).setExecutionExceptionHandler((exception, cmd, parseResult) -> {
                    if (exception instanceof ManageException manageException) {
                        cmd.getErr().println("manage: " + manageException.getMessage());
                        return manageException.exitCode();
                    }
                    throw exception;
                });
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Every file of the project with its content, to compare before and after. */
    Map<String, String> tree() throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                tree.put(dir.relativize(file).toString(), Files.isRegularFile(file) ? Files.readString(file) : "/");
            }
        }
        return tree;
    }

    String read(String path) throws IOException {
        return Files.readString(dir.resolve(path));
    }
}
