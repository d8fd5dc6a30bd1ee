package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.acme.manage.environment.Environment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {

    @TempDir
    Path dir;

    TestProject project;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
    }

    @Test
    void developmentIsTheDefaultAndReadsItsFile() {
        Environment environment = project.context().environment();

        assertThat(environment.name()).isEqualTo("development");
        assertThat(environment.values()).containsEntry("POSTGRES_PORT", "5432")
                .containsEntry("APPLICATION_DB", "application")
                .containsEntry("POSTGRES_HOSTNAME", "localhost");
    }

    @Test
    void applicationConfigChoosesTheFile() {
        Environment environment = project.set("APPLICATION_CONFIG", "testing").context().environment();

        assertThat(environment.name()).isEqualTo("testing");
        assertThat(environment.values()).containsEntry("POSTGRES_PORT", "5433").containsEntry("APPLICATION_DB", "test")
                .doesNotContainKey("POSTGRES_HOSTNAME");
    }

    @Test
    void environmentVariablesWinOverTheFile() {
        Environment environment = project.set("POSTGRES_PORT", "6543").set("APPLICATION_DB", "other")
                .context().environment();

        assertThat(environment.values()).containsEntry("POSTGRES_PORT", "6543").containsEntry("APPLICATION_DB", "other")
                .containsEntry("POSTGRES_USER", "postgres");
        assertThat(environment.port()).isEqualTo(6543);
        assertThat(environment.origin("POSTGRES_PORT")).isEqualTo("environment variable POSTGRES_PORT");
        assertThat(environment.origin("POSTGRES_USER")).contains("development.json");
    }

    @Test
    void childProgramsSeeTheResolvedValuesAndTheEnvironmentName() {
        Environment environment = project.set("POSTGRES_USER", "me").context().environment("testing");

        assertThat(environment.childEnvironment()).containsEntry("APPLICATION_CONFIG", "testing")
                .containsEntry("POSTGRES_USER", "me").containsEntry("POSTGRES_PORT", "5433")
                .containsKey("PATH");
    }

    @Test
    void productionTakesItsPasswordFromTheEnvironmentOnly() {
        Environment withoutPassword = project.set("APPLICATION_CONFIG", "production").context().environment();
        assertThatThrownBy(() -> withoutPassword.require("POSTGRES_PASSWORD"))
                .hasMessageContaining("POSTGRES_PASSWORD is not set").hasMessageContaining("production.json");

        Environment withPassword = project.set("POSTGRES_PASSWORD", "from-env").context().environment();
        assertThat(withPassword.require("POSTGRES_PASSWORD")).isEqualTo("from-env");
    }

    @Test
    void configDirectoryMovesWithApplicationConfigDir() throws Exception {
        project.write("elsewhere/development.json", "[{\"name\": \"APPLICATION_DB\", \"value\": \"moved\"}]");

        Environment environment = project.set("APPLICATION_CONFIG_DIR", "elsewhere").context().environment();

        assertThat(environment.values()).containsExactlyEntriesOf(java.util.Map.of("APPLICATION_DB", "moved"));
    }

    @Test
    void unknownEnvironmentIsAUsageError() {
        TestProject.Result result = project.set("APPLICATION_CONFIG", "staging").run("db", "status");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("APPLICATION_CONFIG=staging").contains("staging.json")
                .contains("development, testing or production");
    }

    @Test
    void environmentNameCannotEscapeTheConfigDirectory() {
        TestProject.Result result = project.set("APPLICATION_CONFIG", "../secrets").run("db", "status");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is not an environment name");
    }

    @Test
    void brokenConfigFileIsReportedWithItsNameAndEntry() throws Exception {
        project.write("config/development.json", "[{\"name\": \"POSTGRES_PORT\", \"value\": 5432}]");

        TestProject.Result result = project.run("db", "status");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("development.json").contains("POSTGRES_PORT").contains("write it in quotes")
                .doesNotContain("Exception");
    }

    @Test
    void portMustBeANumber() {
        TestProject.Result result = project.set("POSTGRES_PORT", "54x").set("MANAGE_DATABASE", "embedded")
                .run("db", "status");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("POSTGRES_PORT='54x'").contains("environment variable POSTGRES_PORT");
    }
}
