package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Argument handling of every command: help, unknown commands and options, missing arguments. */
class CommandLineTest {

    @TempDir
    Path dir;

    TestProject project;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dev", "test", "db", "db up", "db down", "db status", "db new", "db migrate", "db info",
            "create-initial-db", "psql", "compose", "bench", "faults"})
    void everyCommandHasHelp(String command) {
        String[] args = (command + " --help").trim().split(" ");

        TestProject.Result result = project.run(args);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: manage" + (command.isEmpty() ? "" : " " + command));
    }

    @Test
    void unknownCommandIsRefused() {
        TestProject.Result result = project.run("migrate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument at index 0: 'migrate'").contains("Did you mean");
    }

    @Test
    void noCommandAsksForOne() {
        TestProject.Result result = project.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required subcommand");
    }

    @Test
    void unknownDbCommandIsRefused() {
        TestProject.Result result = project.run("db", "start");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument at index 1: 'start'").contains("Did you mean: db status?");
    }

    @Test
    void dbWithoutCommandAsksForOne() {
        TestProject.Result result = project.run("db");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required subcommand").contains("Usage: manage db");
    }

    @Test
    void dbNewNeedsAMessage() {
        TestProject.Result result = project.run("db", "new");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter: 'MESSAGE'");
    }

    @Test
    void composeNeedsArguments() {
        TestProject.Result result = project.run("compose");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter: 'ARGS'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db up --force", "db status extra", "create-initial-db now", "dev --offline", "psql -c"})
    void unexpectedArgumentsAreRefused(String command) {
        TestProject.Result result = project.run(command.split(" "));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).containsAnyOf("Unknown option", "Unmatched argument");
    }

    @Test
    void testKeywordNeedsAValue() {
        TestProject.Result result = project.run("test", "-k");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter for option '-k'");
    }

    @Test
    void testKeywordIsChecked() {
        TestProject.Result result = project.run("test", "-k", "a,b");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("-k 'a,b'");
    }

    @Test
    void composeWithoutDockerSaysSo() throws Exception {
        TestProject.Result result = project.set("PATH", dir.resolve("empty-bin").toString()).run("compose", "ps");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Docker Compose is not installed").contains("scripts/manage db up");
    }

    @Test
    void psqlWithoutPsqlSaysSo() {
        TestProject.Result result = project.set("PATH", dir.resolve("empty-bin").toString())
                .set("MANAGE_DATABASE", "embedded").run("psql");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("psql is not installed").contains("postgresql-client");
    }

    @Test
    void unknownDatabaseModeIsRefused() {
        TestProject.Result result = project.set("MANAGE_DATABASE", "cloud").run("db", "status");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("MANAGE_DATABASE='cloud'");
    }

    @Test
    void productionDatabaseIsNotStartedFromHere() {
        TestProject.Result result = project.set("APPLICATION_CONFIG", "production").set("POSTGRES_PASSWORD", "x")
                .run("db", "up");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("does not start the production database");
    }

    @Test
    void commandsThatNeedTheDatabaseSayWhenItIsNotThere() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TestProject.Result result = project.set("POSTGRES_PORT", String.valueOf(closedPort)).run("create-initial-db");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cannot connect to database postgres").contains("db status");
    }
}
