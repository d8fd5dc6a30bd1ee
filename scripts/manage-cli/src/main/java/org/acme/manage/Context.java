package org.acme.manage;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.acme.manage.environment.Environment;
import org.acme.manage.process.Processes;

/**
 * What every command works with: the project it manages, the real environment variables, where to print,
 * and how to start programs. Tests build one around a temporary project.
 */
public final class Context {

    public static final String ENVIRONMENT_VARIABLE = "APPLICATION_CONFIG";
    public static final String DEFAULT_ENVIRONMENT = "development";

    private final Path projectDir;
    private final Map<String, String> processEnvironment;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Processes processes;

    public Context(Path projectDir, Map<String, String> processEnvironment, PrintWriter out, PrintWriter err) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.processEnvironment = Map.copyOf(processEnvironment);
        this.out = out;
        this.err = err;
        this.processes = new Processes(out);
    }

    public Path projectDir() {
        return projectDir;
    }

    public Map<String, String> processEnvironment() {
        return processEnvironment;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Processes processes() {
        return processes;
    }

    /** The environment named by APPLICATION_CONFIG (development when unset). */
    public Environment environment() {
        String name = processEnvironment.getOrDefault(ENVIRONMENT_VARIABLE, "");
        return environment(name.isBlank() ? DEFAULT_ENVIRONMENT : name);
    }

    /** The named environment, whatever APPLICATION_CONFIG says. */
    public Environment environment(String name) {
        return Environment.load(name, projectDir, processEnvironment);
    }
}
