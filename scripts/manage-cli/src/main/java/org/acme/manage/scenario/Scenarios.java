package org.acme.manage.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.acme.manage.ManageException;
import org.acme.scenario.ScenarioScript;

/**
 * The scenarios: {@code scenarios/NAME.sql} among the service's test resources, SQL run on top of the migrated
 * schema. The CLI reads them from the service's tests' jar on its classpath (see scripts/manage-cli/pom.xml); the
 * tests load the same files ({@code @Scenario("NAME")}).
 */
public final class Scenarios {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** One scenario: its name, its resource ({@code scenarios/NAME.sql}), and its file's first comment line. */
    public record Scenario(String name, String resource, String description) {
    }

    private final ClassLoader loader;

    /** The scenarios on {@code loader}'s classpath. */
    public Scenarios(ClassLoader loader) {
        this.loader = loader;
    }

    /** The scenarios on the current thread's classpath. */
    public Scenarios() {
        this(Thread.currentThread().getContextClassLoader());
    }

    public List<Scenario> all() {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (URL directory : Collections.list(loader.getResources(dropSlash(ScenarioScript.DIRECTORY)))) {
                names.addAll(fileNames(directory));
            }
        } catch (IOException | URISyntaxException e) {
            throw new ManageException("cannot list the scenarios: " + e.getMessage(), e);
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String file : names) {
            String name = file.replaceFirst("\\.sql$", "");
            if (file.endsWith(".sql") && NAME.matcher(name).matches()) {
                scenarios.add(new Scenario(name, ScenarioScript.DIRECTORY + file, description(sql(name))));
            }
        }
        return scenarios;
    }

    public Scenario named(String name) {
        Optional<Scenario> found = NAME.matcher(name).matches()
                ? all().stream().filter(scenario -> scenario.name().equals(name)).findFirst()
                : Optional.empty();
        return found.orElseThrow(() -> new ManageException("there is no scenario '" + name + "' (no "
                + ScenarioScript.DIRECTORY + name + ".sql among the service's test resources). Scenarios: "
                + String.join(", ", all().stream().map(Scenario::name).toList()), ManageException.USAGE));
    }

    /** The scenario's SQL. */
    public String sql(String name) {
        return ScenarioScript.read(loader, name);
    }

    /** The file names in a classpath directory, in a jar (the service's tests' jar) or on disk. */
    private static List<String> fileNames(URL directory) throws IOException, URISyntaxException {
        if (directory.openConnection() instanceof JarURLConnection connection) {
            connection.setUseCaches(false);
            String prefix = connection.getEntryName() + "/";
            try (JarFile jar = connection.getJarFile()) {
                return jar.stream().map(entry -> entry.getName()).filter(entry -> entry.startsWith(prefix))
                        .map(entry -> entry.substring(prefix.length())).filter(file -> !file.contains("/"))
                        .toList();
            }
        }
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            return files.map(file -> file.getFileName().toString()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String dropSlash(String directory) {
        return directory.substring(0, directory.length() - 1);
    }

    private static String description(String sql) {
        return sql.lines().map(String::strip).filter(line -> line.startsWith("--")).findFirst()
                .map(line -> line.replaceFirst("^--+\\s*", "")).orElse("");
    }
}
