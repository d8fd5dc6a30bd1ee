package org.acme.manage.environment;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.acme.config.ConfigFileException;
import org.acme.config.JsonConfigFile;
import org.acme.manage.ManageException;

/**
 * One environment (development, testing, production): the values of {@code config/<name>.json} with the real
 * environment variables taking precedence, exactly as the service resolves them.
 */
public final class Environment {

    public static final String CONFIG_DIR_VARIABLE = "APPLICATION_CONFIG_DIR";
    public static final String DEFAULT_CONFIG_DIR = "config";
    /** The PostgreSQL image of every environment, for the compose files: the one Dev Services start. */
    public static final String POSTGRES_IMAGE_VARIABLE = "POSTGRES_IMAGE";
    static final String POSTGRES_IMAGE_PROPERTY = "quarkus.datasource.devservices.image-name";
    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final String name;
    private final Path projectDir;
    private final Path configFile;
    private final Map<String, String> fileValues;
    private final Map<String, String> processEnvironment;

    private Environment(String name, Path projectDir, Path configFile, Map<String, String> fileValues,
            Map<String, String> processEnvironment) {
        this.name = name;
        this.projectDir = projectDir;
        this.configFile = configFile;
        this.fileValues = fileValues;
        this.processEnvironment = processEnvironment;
    }

    public static Environment load(String name, Path projectDir, Map<String, String> processEnvironment) {
        if (!NAME.matcher(name).matches()) {
            throw new ManageException("APPLICATION_CONFIG='" + name + "' is not an environment name; use development, "
                    + "testing or production", ManageException.USAGE);
        }
        Path configFile = configDir(projectDir, processEnvironment).resolve(name + ".json");
        if (!Files.exists(configFile)) {
            throw new ManageException("APPLICATION_CONFIG=" + name + ": there is no " + configFile
                    + "; use development, testing or production", ManageException.USAGE);
        }
        try {
            return new Environment(name, projectDir, configFile, JsonConfigFile.read(configFile).values(),
                    processEnvironment);
        } catch (ConfigFileException e) {
            throw new ManageException(e.getMessage(), ManageException.USAGE);
        }
    }

    private static Path configDir(Path projectDir, Map<String, String> processEnvironment) {
        String dir = processEnvironment.getOrDefault(CONFIG_DIR_VARIABLE, "");
        return projectDir.resolve(dir.isBlank() ? DEFAULT_CONFIG_DIR : dir);
    }

    public String name() {
        return name;
    }

    public Path projectDir() {
        return projectDir;
    }

    public Path configFile() {
        return configFile;
    }

    public boolean isProduction() {
        return "production".equals(name);
    }

    /** The file's entries, each replaced by the environment variable of the same name when that is set. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        fileValues.forEach((key, value) -> values.put(key, processEnvironment.getOrDefault(key, value)));
        return values;
    }

    /** Where a value comes from, for messages: the environment variable or the file. */
    public String origin(String key) {
        if (processEnvironment.containsKey(key)) {
            return "environment variable " + key;
        }
        return fileValues.containsKey(key) ? key + " in " + configFile : key + " (not set)";
    }

    public String get(String key, String fallback) {
        String value = processEnvironment.get(key);
        if (value == null) {
            value = fileValues.get(key);
        }
        return value == null ? fallback : value;
    }

    public String require(String key) {
        String value = get(key, null);
        if (value == null || value.isEmpty()) {
            throw new ManageException(key + " is not set: it is neither in " + configFile
                    + " nor in the environment");
        }
        return value;
    }

    public int port() {
        String port = require("POSTGRES_PORT");
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new ManageException("POSTGRES_PORT='" + port + "' (" + origin("POSTGRES_PORT")
                    + ") is not a port number between 1 and 65535", ManageException.USAGE);
        }
    }

    /** Environment for programs started for this environment: the real environment plus the resolved values. */
    public Map<String, String> childEnvironment() {
        Map<String, String> child = new LinkedHashMap<>(processEnvironment);
        child.putAll(values());
        child.put("APPLICATION_CONFIG", name);
        child.putIfAbsent(POSTGRES_IMAGE_VARIABLE, postgresImage());
        return child;
    }

    /** The image named once, in the service's application.properties. */
    public String postgresImage() {
        Path file = projectDir.resolve(APPLICATION_PROPERTIES);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ManageException("cannot read " + file + ": " + e.getMessage());
        }
        String image = properties.getProperty(POSTGRES_IMAGE_PROPERTY, "");
        if (image.isBlank()) {
            throw new ManageException(file + " does not name the PostgreSQL image (" + POSTGRES_IMAGE_PROPERTY + ")");
        }
        return image;
    }
}
