package org.acme.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.acme.config.JsonConfigFile;
import org.junit.jupiter.api.Test;

/** What the Dockerfiles copy into an image holds no secret, and nothing of the other environments' files. */
class ImageBuildContextIT {

    private static final List<Path> DOCKERFILES = List.of(Path.of("docker/Dockerfile.jvm"), Path.of("docker/Dockerfile.native"));

    @Test
    void theDockerfilesCopyOnlyTheApplicationAndTheProductionFile() throws IOException {
        for (String source : copiedSources()) {
            assertThat(source).as("copied into an image")
                    .matches("target/quarkus-app/.*|config/production\\.json|docker/aot-training\\.sh|mvnw|\\.mvn/"
                            + "|pom\\.xml|src/main/");
        }
    }

    @Test
    void theBuildContextLeavesOutEverythingElse() throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();

        assertThat(rules.get(0)).as("first rule excludes everything").isEqualTo("*");
        assertThat(rules.subList(1, rules.size())).allMatch(rule -> rule.startsWith("!"))
                .noneMatch(rule -> rule.startsWith("!config/") && !rule.equals("!config/production.json"));
    }

    @Test
    void nothingCopiedHoldsAPasswordOrTheDevelopmentOne() throws IOException {
        String developmentPassword = JsonConfigFile.read(Path.of("config/development.json")).values().get("POSTGRES_PASSWORD");

        assertThat(JsonConfigFile.read(Path.of("config/production.json")).values().keySet())
                .noneMatch(name -> name.matches("(?i).*(PASSWORD|SECRET|TOKEN).*"));
        List<Properties> packagedProperties = applicationProperties();
        assertThat(packagedProperties).anyMatch(properties -> properties.containsKey("quarkus.datasource.password"));
        for (Properties properties : packagedProperties) {
            for (String name : properties.stringPropertyNames()) {
                if (name.toLowerCase().endsWith("password")) {
                    assertThat(properties.getProperty(name)).as(name).matches("\\$\\{[A-Z_]+}|");
                    assertThat(properties.getProperty(name)).as(name).isNotEqualTo(developmentPassword);
                }
            }
        }
    }

    private static List<String> copiedSources() throws IOException {
        List<String> sources = new ArrayList<>();
        for (Path dockerfile : DOCKERFILES) {
            for (String line : Files.readAllLines(dockerfile)) {
                String[] words = line.strip().split("\\s+");
                if (words.length < 3 || !words[0].equals("COPY") || line.contains("--from=")) {
                    continue;
                }
                for (int i = 1; i < words.length - 1; i++) {
                    if (!words[i].startsWith("--")) {
                        sources.add(words[i]);
                    }
                }
            }
        }
        assertThat(sources).contains("config/production.json");
        return sources;
    }

    /** Every application.properties inside the jars the JVM image copies. */
    private static List<Properties> applicationProperties() throws IOException {
        List<Properties> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("target/quarkus-app"))) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    ZipEntry entry = zip.getEntry("application.properties");
                    if (entry != null) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            Properties properties = new Properties();
                            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                            found.add(properties);
                        }
                    }
                }
            }
        }
        return found;
    }
}
