package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.acme.manage.db.Migrations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** db new: numbering, naming, never overwriting. */
class MigrationsTest {

    @TempDir
    Path dir;

    TestProject project;
    Path migrations;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
        migrations = dir.resolve(Migrations.DIRECTORY);
    }

    @Test
    void nextVersionFollowsTheHighest() throws Exception {
        TestProject.Result result = project.run("db", "new", "Add users' name!");

        assertThat(result.exitCode()).isZero();
        Path created = migrations.resolve("V2__add_users_name.sql");
        assertThat(created).exists().content().isEqualTo("-- Add users' name!\n");
        assertThat(result.out()).contains("Created src/main/resources/db/migration/V2__add_users_name.sql");
    }

    @Test
    void wordsOfSeveralArgumentsAreJoined() {
        TestProject.Result result = project.run("db", "new", "add", "INDEX on", "email");

        assertThat(result.exitCode()).isZero();
        assertThat(migrations.resolve("V2__add_index_on_email.sql")).exists();
    }

    @Test
    void numberingSkipsOverDottedAndGappedVersions() throws Exception {
        project.write("src/main/resources/db/migration/V7_1__something.sql", "");
        project.write("src/main/resources/db/migration/V3.2__other.sql", "");
        project.write("src/main/resources/db/migration/R__view.sql", "");
        project.write("src/main/resources/db/migration/README.md", "");

        project.run("db", "new", "next");

        assertThat(migrations.resolve("V8__next.sql")).exists();
    }

    @Test
    void firstMigrationIsVersionOne() throws Exception {
        Files.delete(migrations.resolve("V1__create_users.sql"));

        project.run("db", "new", "create users");

        assertThat(migrations.resolve("V1__create_users.sql")).exists();
    }

    @Test
    void anExistingMigrationIsNeverOverwritten() throws Exception {
        project.run("db", "new", "add name");
        Path first = migrations.resolve("V2__add_name.sql");
        Files.writeString(first, "ALTER TABLE users ADD COLUMN name text;\n");

        TestProject.Result again = project.run("db", "new", "add name");

        assertThat(again.exitCode()).isZero();
        assertThat(first).content().isEqualTo("ALTER TABLE users ADD COLUMN name text;\n");
        assertThat(migrations.resolve("V3__add_name.sql")).exists();
        assertThat(migrations.resolve("V1__create_users.sql")).content().contains("CREATE TABLE users");
    }

    @Test
    void aMessageWithoutWordsIsRefused() {
        TestProject.Result result = project.run("db", "new", "!!!");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("has no letters or digits");
    }
}
