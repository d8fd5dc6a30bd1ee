package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The command line that this project defines: its commands, its own checks of their arguments and environment,
 * and its exit codes (1 for a failure, 2 for a usage error). Picocli's own parsing (help, unknown or missing
 * commands, options and parameters) is picocli's to test.
 */
class CommandLineTest {

    @TempDir
    Path dir;

    TestProject project;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
    }

    /** The commands that scripts/manage offers, each under its name; what picocli does with them is its own. */
    @Test
    void everyCommandIsRegisteredUnderItsName() {
        CommandLine manage = Manage.commandLine(project.context());

        assertThat(manage.getSubcommands().keySet()).containsExactlyInAnyOrder("dev", "test", "db",
                "create-initial-db", "psql", "compose", "scenario", "bench", "faults", "new");
        assertThat(manage.getSubcommands().get("db").getSubcommands().keySet())
                .containsExactlyInAnyOrder("up", "down", "status", "new", "migrate", "info");
        assertThat(manage.getSubcommands().get("new").getSubcommands().keySet()).containsExactly("resource");
        assertThat(manage.getSubcommands().get("scenario").getSubcommands().keySet())
                .containsExactlyInAnyOrder("list", "up", "down", "status");
    }

    @Test
    void dbNewNeedsAMessage() {
        TestProject.Result result = project.run("db", "new");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter: 'MESSAGE' (db new -m MESSAGE generates it, "
                + "db new MESSAGE is empty)");
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
