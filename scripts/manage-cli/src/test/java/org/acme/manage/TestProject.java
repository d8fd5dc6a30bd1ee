package org.acme.manage;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/** A throwaway copy of the project's config, compose files and migrations, to run manage commands against. */
public final class TestProject {

    /** The real project: surefire runs in scripts/manage-cli. */
    public static final Path REAL_PROJECT = Path.of("../..").toAbsolutePath().normalize();

    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final Path dir;
    private final Map<String, String> environment = new HashMap<>();

    public TestProject(Path dir) throws IOException {
        this.dir = dir;
        for (String file : new String[] {"config/development.json", "config/testing.json", "config/production.json",
                "docker/development.yml", "docker/testing.yml", "src/main/resources/application.properties",
                "src/main/resources/db/migration/V1__create_users.sql"}) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.copy(REAL_PROJECT.resolve(file), dir.resolve(file));
        }
        // Only what the commands need from the real environment: none of its POSTGRES_* or APPLICATION_*.
        System.getenv().forEach((key, value) -> {
            if (!key.startsWith("POSTGRES_") && !key.startsWith("APPLICATION_") && !key.startsWith("MANAGE_")
                    && !key.startsWith("PG")) {
                environment.put(key, value);
            }
        });
    }

    public Path dir() {
        return dir;
    }

    public TestProject set(String key, String value) {
        environment.put(key, value);
        return this;
    }

    public TestProject unset(String key) {
        environment.remove(key);
        return this;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Context context(StringWriter out, StringWriter err) {
        return new Context(dir, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    public Context context() {
        return context(new StringWriter(), new StringWriter());
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Manage.run(context(out, err), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    public Path write(String relativePath, String content) throws IOException {
        Path file = dir.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    /** A stand-in for ./mvnw that records its arguments and environment, then runs {@code body}. */
    public void fakeMavenWrapper(String body) throws IOException {
        Path wrapper = write("mvnw", "#!/bin/sh\n"
                + "printf '%s\\n' \"$@\" > mvnw.args\n"
                + "env > mvnw.env\n"
                + body + "\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
