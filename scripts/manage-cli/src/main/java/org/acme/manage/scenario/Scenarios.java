package org.acme.manage.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.acme.manage.ManageException;

/**
 * The scenarios kept in the repository: {@code src/test/resources/scenarios/NAME.sql}, SQL run on top of the migrated
 * schema. The tests load the same files from the classpath ({@code @Scenario("NAME")}).
 */
public final class Scenarios {

    public static final Path DIRECTORY = Path.of("src", "test", "resources", "scenarios");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** One scenario: its name, file and the first comment line of the file, which describes it. */
    public record Scenario(String name, Path file, String description) {
    }

    private final Path projectDir;
    private final Path directory;

    public Scenarios(Path projectDir) {
        this.projectDir = projectDir;
        this.directory = projectDir.resolve(DIRECTORY);
    }

    public Path directory() {
        return directory;
    }

    public List<Scenario> all() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .map(file -> new Scenario(file.getFileName().toString().replaceFirst("\\.sql$", ""), file,
                            description(file)))
                    .filter(scenario -> NAME.matcher(scenario.name()).matches())
                    .toList();
        } catch (IOException e) {
            throw new ManageException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    public Scenario named(String name) {
        Optional<Scenario> found = NAME.matcher(name).matches()
                ? all().stream().filter(scenario -> scenario.name().equals(name)).findFirst()
                : Optional.empty();
        return found.orElseThrow(() -> new ManageException("there is no scenario '" + name + "' (no "
                + projectDir.relativize(directory.resolve(name + ".sql")) + "). Scenarios: "
                + String.join(", ", all().stream().map(Scenario::name).toList()), ManageException.USAGE));
    }

    private static String description(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip).filter(line -> line.startsWith("--")).findFirst()
                    .map(line -> line.replaceFirst("^--+\\s*", "")).orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
