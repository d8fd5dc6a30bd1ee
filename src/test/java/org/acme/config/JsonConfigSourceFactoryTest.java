package org.acme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Builds a configuration the way Quarkus does at run time: system properties (400), environment (300), the
 * environment file (275) and application.properties (250).
 */
class JsonConfigSourceFactoryTest {

    @TempDir
    Path configDir;

    @Test
    void systemPropertiesBeatEnvironmentWhichBeatsTheFileWhichBeatsApplicationProperties() throws IOException {
        write("development.json", """
                [{"name": "A", "value": "file"}, {"name": "B", "value": "file"}, {"name": "C", "value": "file"}]
                """);

        SmallRyeConfig config = configFor("dev",
                Map.of("A", "system"),
                Map.of("A", "env", "B", "env"),
                Map.of("A", "properties", "B", "properties", "C", "properties", "D", "properties"));

        assertThat(config.getValue("A", String.class)).isEqualTo("system");
        assertThat(config.getValue("B", String.class)).isEqualTo("env");
        assertThat(config.getValue("C", String.class)).isEqualTo("file");
        assertThat(config.getValue("D", String.class)).isEqualTo("properties");
    }

    @Test
    void applicationPropertiesBuildTheDatasourceFromTheFileNames() throws IOException {
        write("development.json", """
                [{"name": "POSTGRES_HOSTNAME", "value": "db.internal"}, {"name": "POSTGRES_PORT", "value": "6543"},
                 {"name": "APPLICATION_DB", "value": "users"}]
                """);

        SmallRyeConfig config = configFor("dev", Map.of(), Map.of("POSTGRES_PORT", "7654"), Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://${POSTGRES_HOSTNAME}:${POSTGRES_PORT}/${APPLICATION_DB}"));

        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:postgresql://db.internal:7654/users");
    }

    @Test
    void eachProfileReadsItsOwnFile() throws IOException {
        write("development.json", "[{\"name\": \"WHICH\", \"value\": \"development\"}]");
        write("testing.json", "[{\"name\": \"WHICH\", \"value\": \"testing\"}]");
        write("production.json", "[{\"name\": \"WHICH\", \"value\": \"production\"}]");
        write("staging.json", "[{\"name\": \"WHICH\", \"value\": \"staging\"}]");
        Map<String, String> env = Map.of("POSTGRES_PASSWORD", "from-the-environment");

        assertThat(configFor("dev", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("development");
        assertThat(configFor("test", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("testing");
        assertThat(configFor("prod", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("production");
        assertThat(configFor("staging", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("staging");
    }

    @Test
    void aProfileWithoutAFileReadsNothing() {
        SmallRyeConfig config = configFor("staging", Map.of(), Map.of(), Map.of());

        assertThat(config.getOptionalValue("POSTGRES_USER", String.class)).isEmpty();
    }

    @Test
    void theDirectoryIsMovedByApplicationConfigDirInTheEnvironment(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("development.json"), "[{\"name\": \"WHERE\", \"value\": \"elsewhere\"}]");

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("dev")
                .withSources(new EnvConfigSource(Map.of("APPLICATION_CONFIG_DIR", elsewhere.toString()), 300))
                .withSources(new JsonConfigSourceFactory(() -> false))
                .build();

        assertThat(config.getValue("WHERE", String.class)).isEqualTo("elsewhere");
    }

    @Test
    void aBrokenFileStopsStartupNamingFileAndEntry() throws IOException {
        write("development.json", "[{\"name\": \"POSTGRES_PORT\", \"value\": 5432}]");

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("development.json: entry #1 (POSTGRES_PORT): \"value\" must be a string");
    }

    @Test
    void productionWithoutPasswordInTheEnvironmentStopsNamingTheVariable() throws IOException {
        write("production.json", "[{\"name\": \"POSTGRES_USER\", \"value\": \"application\"}]");

        assertThatThrownBy(() -> configFor("prod", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("POSTGRES_PASSWORD is not set")
                .hasMessageContaining("set the environment variable POSTGRES_PASSWORD");
    }

    @Test
    void productionWithPasswordInTheEnvironmentStarts() throws IOException {
        write("production.json", "[{\"name\": \"POSTGRES_USER\", \"value\": \"application\"}]");

        SmallRyeConfig config = configFor("prod", Map.of(), Map.of("POSTGRES_PASSWORD", "s3cret"), Map.of());

        assertThat(config.getValue("POSTGRES_USER", String.class)).isEqualTo("application");
        assertThat(config.getValue("POSTGRES_PASSWORD", String.class)).isEqualTo("s3cret");
    }

    @Test
    void aPasswordInTheProductionFileIsRefused() throws IOException {
        write("production.json", "[{\"name\": \"POSTGRES_PASSWORD\", \"value\": \"oops\"}]");

        assertThatThrownBy(() -> configFor("prod", Map.of(), Map.of("POSTGRES_PASSWORD", "s3cret"), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageEndingWith("production.json: entry POSTGRES_PASSWORD holds a secret; production secrets "
                        + "come from the environment only, remove it from the file");
    }

    @Test
    void whileQuarkusBuildsTheApplicationNoFileIsRead() throws IOException {
        write("development.json", "[{\"name\": \"A\", \"value\": \"must not be recorded into the artifact\"}]");

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("dev")
                .withSources(new PropertiesConfigSource(Map.of(JsonConfigSourceFactory.CONFIG_DIR_PROPERTY,
                        configDir.toString()), "system", 400))
                .withSources(new JsonConfigSourceFactory(() -> true))
                .build();

        assertThat(config.getOptionalValue("A", String.class)).isEmpty();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(configDir.resolve(name), content);
    }

    private SmallRyeConfig configFor(String profile, Map<String, String> system, Map<String, String> env,
            Map<String, String> applicationProperties) {
        Map<String, String> systemWithDir = new HashMap<>(system);
        systemWithDir.put(JsonConfigSourceFactory.CONFIG_DIR_PROPERTY, configDir.toString());
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(systemWithDir, "system", 400))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new JsonConfigSourceFactory(() -> false))
                .build();
    }
}
