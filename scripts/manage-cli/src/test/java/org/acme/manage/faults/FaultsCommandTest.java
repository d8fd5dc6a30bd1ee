package org.acme.manage.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.acme.manage.ManageException;
import org.acme.manage.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and choosing scenarios, and the Maven run they become; the scenarios themselves run in CI's manage-tests. */
class FaultsCommandTest {

    @TempDir
    Path dir;

    @Test
    void listNamesEveryScenarioWithWhatItRequires() throws Exception {
        TestProject.Result result = new TestProject(dir).run("faults", "--list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("outage", "races", "exhausted-pool", "failed-migration", "graceful-shutdown",
                "hostile-input", "config-abuse", "network-silence", "slow-clients", "large-bodies")
                .contains("200 concurrent POSTs of one email");
        assertThat(result.out().lines()).hasSize(14);
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheNamesThatExist() throws Exception {
        TestProject.Result result = new TestProject(dir).run("faults", "races", "outages");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no scenario 'outages'").contains("outage, races, exhausted-pool");
    }

    @Test
    void everyListedScenarioIsATaggedTestClassOfTheSuite() throws Exception {
        for (String name : FaultsCommand.scenarios().keySet()) {
            Class<?> test = Class.forName("org.acme.manage.faults." + FaultsCommand.testClass(name));
            assertThat(test.isAnnotationPresent(FaultScenario.class)).as(name).isTrue();
        }
        assertThat(FaultsCommand.testClass("too-many-connections")).isEqualTo("TooManyConnectionsTest");
    }

    @Test
    void theChosenScenariosAndOptionsBecomeTheMavenRunOfTheirTests() {
        List<String> command = FaultsCommand.mavenCommand(Path.of("/project"), List.of("exhausted-pool", "races"),
                true, Map.of("QUARKUS_SHUTDOWN_TIMEOUT", "0S"));

        assertThat(command).containsSubsequence("./mvnw", "-f", "scripts/manage-cli/pom.xml", "test", "-Pfaults")
                .contains("-Dmanage.project.dir=/project", "-Dtest=ExhaustedPoolTest,RacesTest",
                        "-Dfaults.no-package=true", "-Dfaults.env.QUARKUS_SHUTDOWN_TIMEOUT=0S");
        assertThat(FaultsCommand.mavenCommand(Path.of("/project"), List.of(), false, Map.of()))
                .noneMatch(argument -> argument.startsWith("-Dtest=")).contains("-Dfaults.no-package=false");
        assertThatThrownBy(() -> FaultsCommand.mavenCommand(Path.of("/project"), List.of("outages"), false, Map.of()))
                .isInstanceOf(ManageException.class).hasMessageContaining("no scenario 'outages'");
    }
}
