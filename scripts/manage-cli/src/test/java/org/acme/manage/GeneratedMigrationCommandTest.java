package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.acme.manage.db.Migrations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * db new's two modes on the command line: -m generates (the generation itself is tested in the service's
 * SchemaDiffTest and shown in the README), a bare MESSAGE or --empty writes an empty file.
 */
class GeneratedMigrationCommandTest {

    @TempDir
    Path dir;

    TestProject project;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
    }

    @Test
    void emptyWithMessageOptionWritesTheTemplateWithoutGenerating() {
        TestProject.Result result = project.run("db", "new", "--empty", "-m", "backfill names");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(dir.resolve(Migrations.DIRECTORY).resolve("V2__backfill_names.sql")).content()
                .isEqualTo("-- backfill names\n");
        assertThat(result.out()).doesNotContain("Compiling the service");
    }

    @Test
    void aMessageGivenTwiceIsRefused() {
        TestProject.Result result = project.run("db", "new", "-m", "add name", "add name");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("give the message once");
        assertThat(dir.resolve(Migrations.DIRECTORY).resolve("V2__add_name.sql")).doesNotExist();
    }

    @Test
    void aMessageWithoutWordsIsRefusedBeforeAnyBuild() {
        TestProject.Result result = project.run("db", "new", "-m", "!!!");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("has no letters or digits");
        assertThat(result.out()).doesNotContain("Compiling the service");
    }
}
