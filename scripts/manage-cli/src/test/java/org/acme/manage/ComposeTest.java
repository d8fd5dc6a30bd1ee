package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.acme.manage.compose.Compose;
import org.acme.manage.environment.Environment;
import org.acme.manage.process.Processes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComposeTest {

    @TempDir
    Path dir;

    TestProject project;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "testing"})
    void commandLinesNameTheEnvironmentsProjectAndFile(String name) {
        Environment environment = project.context().environment(name);
        String file = dir.resolve("docker/" + name + ".yml").toString();

        assertThat(Compose.commandLine(Compose.Flavor.PLUGIN, environment, List.of("up", "-d", "db")))
                .containsExactly("docker", "compose", "-p", name, "-f", file, "up", "-d", "db");
        assertThat(Compose.commandLine(Compose.Flavor.STANDALONE, environment, List.of("ps")))
                .containsExactly("docker-compose", "-p", name, "-f", file, "ps");
    }

    @Test
    void composeKeepsTheOptionsItPassesOn() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = project.write("bin/docker-compose", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\n"
                + "echo \"$POSTGRES_PORT\" > \"$0.port\"\n");
        fake.toFile().setExecutable(true);

        TestProject.Result result = project.set("PATH", bin.toString()).set("APPLICATION_CONFIG", "testing")
                .run("compose", "up", "-d", "--no-deps", "db");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(Files.readAllLines(bin.resolve("docker-compose.args"))).containsExactly("-p", "testing", "-f",
                dir.resolve("docker/testing.yml").toString(), "up", "-d", "--no-deps", "db");
        assertThat(Files.readAllLines(bin.resolve("docker-compose.port"))).containsExactly("5433");
    }

    @Test
    void environmentWithoutComposeFileIsRefused() {
        TestProject.Result result = project.set("APPLICATION_CONFIG", "production").run("compose", "ps");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("there is no compose file for the production environment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "testing"})
    void composeFilesAreValidForTheirEnvironment(String name) {
        assumeCompose();
        Environment environment = project.context().environment(name);

        Processes.Output config = dockerComposeConfig(name, environment.childEnvironment());

        assertThat(config.exitCode()).as(config.text()).isZero();
        assertThat(config.text()).contains("image: postgres:17")
                .containsPattern(publishedOnLoopback(environment.require("POSTGRES_PORT")))
                .contains("POSTGRES_PASSWORD: " + environment.require("POSTGRES_PASSWORD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "testing"})
    void composeFilesHoldNoSecretsOfTheirOwn(String name) throws Exception {
        assumeCompose();
        Map<String, String> withoutPassword = project.context().environment(name).childEnvironment();
        withoutPassword.remove("POSTGRES_PASSWORD");

        Processes.Output config = dockerComposeConfig(name, withoutPassword);

        assertThat(config.exitCode()).isNotZero();
        assertThat(config.text()).contains("POSTGRES_PASSWORD is not set");
        assertThat(Files.readString(dir.resolve("docker/" + name + ".yml"))).doesNotContainPattern(
                "(?m)^\\s+POSTGRES_PASSWORD: *[^\"$ ]");
    }

    @Test
    void developmentDatabaseIsTheOnlyServiceAndKeepsItsDataInANamedVolume() {
        assumeCompose();
        Map<String, String> environment = project.context().environment("development").childEnvironment();

        Processes.Output services = project.context().processes().capture(List.of("docker-compose", "-p",
                "development", "-f", dir.resolve("docker/development.yml").toString(), "config", "--services"),
                environment, dir, Duration.ofMinutes(1));
        Processes.Output config = dockerComposeConfig("development", environment);

        assertThat(services.text().strip()).isEqualTo("db");
        // Compose v1 prints the short syntax, v2 the long one
        assertThat(config.text()).containsPattern(
                "postgres-data:/var/lib/postgresql/data|source: postgres-data\\s+target: /var/lib/postgresql/data");
    }

    @Test
    void testingDatabaseHasNoVolume() {
        assumeCompose();
        Processes.Output config = dockerComposeConfig("testing",
                project.context().environment("testing").childEnvironment());

        assertThat(config.text()).doesNotContain("volumes:").containsPattern(publishedOnLoopback("5433"));
    }

    /** Port 5432 published on 127.0.0.1:{@code port}, as Compose v1 (short syntax) or v2 (long syntax) prints it. */
    private static String publishedOnLoopback(String port) {
        return "127\\.0\\.0\\.1:" + port + ":5432|host_ip: 127\\.0\\.0\\.1\\s+target: 5432\\s+published: \"" + port + "\"";
    }

    private Processes.Output dockerComposeConfig(String name, Map<String, String> environment) {
        return project.context().processes().capture(List.of("docker-compose", "-p", name, "-f",
                dir.resolve("docker/" + name + ".yml").toString(), "config"), environment, dir, Duration.ofMinutes(1));
    }

    /** CI installs docker-compose and sets MANAGE_REQUIRE_COMPOSE=1, so these checks never skip there. */
    private void assumeCompose() {
        boolean installed = Processes.onPath("docker-compose", System.getenv()).isPresent();
        if ("1".equals(System.getenv("MANAGE_REQUIRE_COMPOSE"))) {
            assertThat(installed).as("docker-compose is required (MANAGE_REQUIRE_COMPOSE=1)").isTrue();
        }
        assumeTrue(installed, "docker-compose is not installed");
    }
}
