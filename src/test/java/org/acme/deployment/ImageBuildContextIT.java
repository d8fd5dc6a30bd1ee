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

/**
 * What the Dockerfiles copy into an image holds no secret, and nothing of the other environments' files; the image
 * runs as an unprivileged user that cannot change the application. (.ci/container-paths.sh checks the built image.)
 */
class ImageBuildContextIT {

    /** The runtime user of both images, and the pods' runAsUser (KubernetesManifestsIT). */
    private static final String RUNTIME_USER = "185";

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

    @Test
    void theImagesRunAsTheUnprivilegedUser() throws IOException {
        for (Path dockerfile : DOCKERFILES) {
            List<String> users = instructions(runtimeStages(dockerfile), "USER");
            assertThat(users).as(dockerfile + ": USER of the image").isNotEmpty();
            assertThat(users.get(users.size() - 1)).as(dockerfile + ": the last USER")
                    .matches(RUNTIME_USER + "(:" + RUNTIME_USER + ")?");
        }
    }

    /** Every file of the image belongs to root and is not writable by others: the service cannot change itself. */
    @Test
    void theApplicationFilesBelongToRootAndAreNotWritableByTheRuntimeUser() throws IOException {
        for (Path dockerfile : DOCKERFILES) {
            List<List<String>> runtimeStages = runtimeStages(dockerfile);
            List<String> copies = instructions(runtimeStages, "COPY");
            assertThat(copies).as(dockerfile + ": COPY into the image").isNotEmpty();
            for (String copy : copies) {
                assertThat(copy).as(dockerfile.toString()).contains("--chown=root:root")
                        // the files keep the modes they have (0644, 0755); --chmod needs BuildKit, which the legacy
                        // builder of Debian's docker.io and of many CI runners refuses
                        .doesNotContain("--chmod");
            }
            assertThat(instructions(runtimeStages, "RUN")).as(dockerfile + ": RUN in the image")
                    .noneMatch(run -> run.matches("(?s).*\\b(chown|chmod)\\b.*"));
        }
    }

    /**
     * The stages whose instructions make up the final image: the last stage, and the stages it is built FROM in
     * turn; each as its instructions, a line continued with a backslash joined into one.
     */
    private static List<List<String>> runtimeStages(Path dockerfile) throws IOException {
        List<List<String>> stages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        StringBuilder continued = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String stripped = line.strip();
            if (continued.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                continued.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            String instruction = continued.append(stripped).toString();
            continued.setLength(0);
            String[] words = instruction.split("\\s+");
            if (words[0].equals("FROM")) {
                stages.add(new ArrayList<>());
                bases.add(words[1]);
                names.add(words.length == 4 && words[2].equalsIgnoreCase("AS") ? words[3] : "");
            } else {
                stages.get(stages.size() - 1).add(instruction);
            }
        }
        List<List<String>> runtime = new ArrayList<>();
        int stage = stages.size() - 1;
        while (stage >= 0) {
            runtime.add(0, stages.get(stage));
            stage = names.indexOf(bases.get(stage));
        }
        return runtime;
    }

    private static List<String> instructions(List<List<String>> stages, String keyword) {
        return stages.stream().flatMap(List::stream)
                .filter(instruction -> instruction.startsWith(keyword + " "))
                .map(instruction -> instruction.substring(keyword.length() + 1).strip())
                .toList();
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
