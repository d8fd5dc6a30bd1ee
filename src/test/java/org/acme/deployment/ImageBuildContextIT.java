package org.acme.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.acme.config.JsonConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        List<String> sources = new ArrayList<>();
        for (Path dockerfile : DOCKERFILES) {
            sources.addAll(copiedSources(dockerfile));
        }
        assertThat(sources).contains("config/production.json");
        for (String source : sources) {
            assertThat(source).as("copied into an image")
                    .matches("target/quarkus-app/.*|config/production\\.json|docker/aot-training\\.sh|mvnw|\\.mvn/"
                            + "|pom\\.xml|src/main/");
        }
    }

    /** The allow-list above sees every source, however a COPY or ADD is written, and nothing else. */
    @Test
    void everySourceIsReadWhateverTheFormOfTheCopy(@TempDir Path dir) throws IOException {
        Path dockerfile = dir.resolve("Dockerfile");
        Files.writeString(dockerfile, """
                FROM base AS build
                copy --chown=root:root \\
                    # a comment line inside the instruction, which Docker drops
                    config/development.json \\

                    config/
                COPY --chown=root:root ["config/testing.json", "target/quarkus-app/a b/", "/deployments/"]
                FROM base
                COPY --from=build /deployments/ /deployments/
                ADD --chown=root:root secrets.env \\
                    /deployments/ \\
                """);

        assertThat(copiedSources(dockerfile)).containsExactly("config/development.json", "config/testing.json",
                "target/quarkus-app/a b/", "secrets.env");
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
     * turn; each as its {@link #instructions(Path) instructions}.
     */
    private static List<List<String>> runtimeStages(Path dockerfile) throws IOException {
        List<List<String>> stages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (String instruction : instructions(dockerfile)) {
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

    /**
     * The instructions of a Dockerfile as Docker reads them: the lines continued with a backslash joined into one,
     * comment and empty lines left out (inside an instruction too), the keyword in upper case.
     */
    static List<String> instructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder continued = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                continued.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            instructions.add(continued.append(stripped).toString());
            continued.setLength(0);
        }
        if (!continued.isEmpty()) {
            instructions.add(continued.toString().strip());
        }
        return instructions.stream().map(instruction -> {
            String[] keywordAndRest = instruction.split("\\s+", 2);
            return keywordAndRest[0].toUpperCase(Locale.ROOT)
                    + (keywordAndRest.length == 2 ? " " + keywordAndRest[1] : "");
        }).toList();
    }

    private static List<String> instructions(List<List<String>> stages, String keyword) {
        return stages.stream().flatMap(List::stream)
                .filter(instruction -> instruction.startsWith(keyword + " "))
                .map(instruction -> instruction.substring(keyword.length() + 1).strip())
                .toList();
    }

    /** What the COPY and ADD instructions of every stage of {@code dockerfile} take from the build context. */
    private static List<String> copiedSources(Path dockerfile) throws IOException {
        List<String> sources = new ArrayList<>();
        List<List<String>> stages = List.of(instructions(dockerfile));
        for (String keyword : List.of("COPY", "ADD")) {
            for (String arguments : instructions(stages, keyword)) {
                sources.addAll(contextSources(arguments));
            }
        }
        return sources;
    }

    /**
     * The sources of one COPY or ADD, given its arguments: in the shell form ({@code --chown=root:root a b dest}) or
     * the JSON form ({@code --chown=root:root ["a", "b", "dest"]}); none when it copies from a stage or an image
     * ({@code --from}), not from the build context.
     */
    static List<String> contextSources(String arguments) throws IOException {
        String rest = arguments.strip();
        while (rest.startsWith("--")) {
            String[] flagAndRest = rest.split("\\s+", 2);
            if (flagAndRest[0].startsWith("--from=")) {
                return List.of();
            }
            rest = flagAndRest.length == 2 ? flagAndRest[1] : "";
        }
        List<String> paths = rest.startsWith("[")
                ? new ObjectMapper().readValue(rest, new TypeReference<List<String>>() {
                })
                : List.of(rest.split("\\s+"));
        assertThat(paths).as("sources and destination of COPY/ADD " + arguments).hasSizeGreaterThanOrEqualTo(2);
        return paths.subList(0, paths.size() - 1);
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
