package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.acme.manage.test.CoverageSummary;
import org.acme.manage.test.TestSelection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** manage test: the Maven command line, the environment, the exit code and the coverage summary. */
class TestCommandTest {

    static final String JACOCO_XML = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">
            <report name="users">
              <package name="org/acme/user">
                <counter type="LINE" missed="100" covered="1"/>
              </package>
              <counter type="INSTRUCTION" missed="10" covered="90"/>
              <counter type="BRANCH" missed="3" covered="9"/>
              <counter type="LINE" missed="15" covered="45"/>
            </report>
            """;

    @TempDir
    Path dir;

    TestProject project;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
    }

    @Test
    void keywordBecomesClassAndMethodPatternsForEachPlugin() {
        TestSelection selection = new TestSelection(List.of(), "duplicate");

        assertThat(selection.mavenArguments()).containsExactly("-Dtest=*duplicate*Test,*Test#*duplicate*",
                "-Dit.test=*duplicate*IT,*IT#*duplicate*", "-Dsurefire.failIfNoSpecifiedTests=false",
                "-Dfailsafe.failIfNoSpecifiedTests=false");
    }

    @Test
    void classesGoToTheirPluginAndAreNarrowedByTheKeyword() {
        TestSelection both = new TestSelection(List.of("UserResourceTest", "HelloResourceTest#hello", "UserResourceIT"),
                null);
        assertThat(both.unitTestPattern()).isEqualTo("UserResourceTest,HelloResourceTest#hello");
        assertThat(both.integrationTestPattern()).isEqualTo("UserResourceIT");

        TestSelection narrowed = new TestSelection(List.of("UserResourceTest"), "email");
        assertThat(narrowed.unitTestPattern()).isEqualTo("UserResourceTest#*email*");
        assertThat(narrowed.integrationTestPattern()).as("no integration test selected").isEqualTo("!*");
    }

    @Test
    void noSelectionRunsEverything() {
        assertThat(new TestSelection(List.of(), null).mavenArguments()).isEmpty();
    }

    @Test
    void runsVerifyInTheTestingEnvironmentAndReportsCoverage() throws Exception {
        project.fakeMavenWrapper("mkdir -p target/jacoco-report && cat > target/jacoco-report/jacoco.xml <<'XML'\n"
                + JACOCO_XML + "XML\nexit 0");

        TestProject.Result result = project.run("test", "-k", "duplicate", "UserResourceTest", "--", "-X", "-Dfoo=bar");

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readAllLines(dir.resolve("mvnw.args"))).containsExactly("verify",
                "-Dtest=UserResourceTest#*duplicate*", "-Dit.test=!*",
                "-Dsurefire.failIfNoSpecifiedTests=false", "-Dfailsafe.failIfNoSpecifiedTests=false", "-X", "-Dfoo=bar");
        assertThat(Files.readAllLines(dir.resolve("mvnw.env"))).contains("APPLICATION_CONFIG=testing",
                "POSTGRES_PORT=5433", "APPLICATION_DB=test");
        assertThat(result.out()).contains("Coverage: lines 75.0% (45/60), branches 75.0% (9/12)")
                .contains("Coverage report: " + dir.resolve("target/jacoco-report/index.html"));
    }

    @Test
    void forcesTestingWhateverApplicationConfigSays() throws Exception {
        project.fakeMavenWrapper("exit 0");

        project.set("APPLICATION_CONFIG", "development").run("test");

        assertThat(Files.readAllLines(dir.resolve("mvnw.args"))).containsExactly("verify");
        assertThat(Files.readAllLines(dir.resolve("mvnw.env"))).contains("APPLICATION_CONFIG=testing");
    }

    @Test
    void exitCodeIsTheTestsExitCodeAndAStaleReportIsNotShown() throws Exception {
        project.write("target/jacoco-report/jacoco.xml", JACOCO_XML);
        Files.setLastModifiedTime(dir.resolve("target/jacoco-report/jacoco.xml"),
                java.nio.file.attribute.FileTime.fromMillis(0));
        project.fakeMavenWrapper("exit 3");

        TestProject.Result result = project.run("test", "HelloResourceTest");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("Coverage: no report from this run").contains("Tests failed (exit code 3)")
                .doesNotContain("75.0%");
    }

    @Test
    void testNamesAreChecked() throws Exception {
        project.fakeMavenWrapper("exit 0");

        TestProject.Result result = project.run("test", "User;rm -rf");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is not a test class name");
        assertThat(dir.resolve("mvnw.args")).doesNotExist();
    }

    @Test
    void coverageSummaryReadsTheReportTotals() throws Exception {
        Path xml = project.write("report.xml", JACOCO_XML);

        CoverageSummary summary = CoverageSummary.read(xml);

        assertThat(summary.lines()).isEqualTo(new CoverageSummary.Counter(45, 15));
        assertThat(summary.branches()).isEqualTo(new CoverageSummary.Counter(9, 3));
        assertThat(summary.branches().describe()).isEqualTo("75.0% (9/12)");
    }

    @Test
    void brokenCoverageReportIsAClearError() throws Exception {
        Path xml = project.write("report.xml", "<report><counter type=");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CoverageSummary.read(xml))
                .isInstanceOf(ManageException.class).hasMessageContaining("cannot read the coverage report");
    }
}
