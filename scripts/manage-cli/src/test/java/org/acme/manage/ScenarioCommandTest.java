package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

/**
 * scenario list / up / down / status on a real throwaway PostgreSQL (up --db-only: starting the service in dev mode
 * needs the whole project; that path is shown in docs/testing.md), with the scenarios of the service's tests' jar.
 */
class ScenarioCommandTest {

    static final boolean ROOT = new UnixSystem().getUid() == 0;

    @TempDir
    Path dir;

    TestProject project;

    @BeforeEach
    void createProject() throws Exception {
        project = new TestProject(dir);
    }

    @AfterEach
    void removeLeftovers() {
        if (!ROOT && Files.exists(dir.resolve(".data/scenario"))) {
            project.run("scenario", "down");
        }
    }

    @Test
    void listNamesEachScenarioWithItsFirstCommentLine() {
        TestProject.Result result = project.run("scenario", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().toList()).containsSubsequence(
                "empty            No rows at all: the migrated schema with every application table empty.",
                "many-users       10,000 users, user00001@example.com to user10000@example.com, ids 1 to 10000 in "
                        + "that order.",
                "two-users        Two users, ids 1 and 2 (identities restart at 1 when a scenario loads).");
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheKnownOnes() {
        TestProject.Result result = project.run("scenario", "up", "three-users");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("there is no scenario 'three-users'")
                .contains("Scenarios: empty, many-users, two-users");
        assertThat(dir.resolve(".data")).doesNotExist();
    }

    @Test
    void upLoadsTheScenarioOnAMigratedDatabaseAndDownRemovesEverything() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result up = project.run("scenario", "up", "--db-only", "two-users");

        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.out()).contains("Applied 1 migration(s): schema version 1")
                .contains("Loaded scenario two-users: 2 statement(s), 2 row(s) in ")
                .contains("psql postgresql://postgres@127.0.0.1:");
        int port = Integer.parseInt(state().getProperty("port"));
        assertThat(emails(port)).containsExactly("ann@example.com", "bob@example.com");
        assertThat(project.run("scenario", "status").exitCode()).isZero();

        TestProject.Result again = project.run("scenario", "up", "--db-only", "empty");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("scenario two-users is up already");
        assertThat(emails(port)).hasSize(2);

        TestProject.Result down = project.run("scenario", "down");

        assertThat(down.exitCode()).isZero();
        assertThat(down.out()).contains("Scenario two-users is down");
        assertThat(dir.resolve(".data")).doesNotExist();
        assertThat(listening(port)).isFalse();
        assertThat(project.run("scenario", "status").exitCode()).isEqualTo(3);
    }

    @Test
    void manyUsersLoadsTenThousandRowsAndSaysHowLongItTook() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result up = project.run("scenario", "up", "--db-only", "many-users");

        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.out()).containsPattern("Loaded scenario many-users: 1 statement\\(s\\), 10000 row\\(s\\) in \\d+ ms");
        List<String> emails = emails(Integer.parseInt(state().getProperty("port")));
        assertThat(emails).hasSize(10_000).startsWith("user00001@example.com").endsWith("user10000@example.com");
    }

    @Test
    void aBrokenScenarioNamesFileAndLineAndLeavesNothingBehind() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        Path resources = dir.resolve("more-test-resources");
        Files.createDirectories(resources.resolve("scenarios"));
        Files.writeString(resources.resolve("scenarios/broken.sql"), """
                -- Ann, then a typo.
                INSERT INTO users (email) VALUES ('ann@example.com');
                INSERT INTO users (emial) VALUES ('bob@example.com');
                """);

        TestProject.Result up;
        ClassLoader classpath = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader withBroken = new URLClassLoader(new URL[] {resources.toUri().toURL()}, classpath)) {
            Thread.currentThread().setContextClassLoader(withBroken);
            assertThat(project.run("scenario", "list").out()).contains("broken           Ann, then a typo.");
            up = project.run("scenario", "up", "--db-only", "broken");
        } finally {
            Thread.currentThread().setContextClassLoader(classpath);
        }

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("scenarios/broken.sql:3: ")
                .contains("column \"emial\" of relation \"users\" does not exist")
                .contains("at: INSERT INTO users (emial) VALUES ('bob@example.com');")
                .contains("nothing was loaded")
                .contains("removing what it started")
                .doesNotContain("Exception");
        assertThat(dir.resolve(".data")).doesNotExist();
    }

    @Test
    void downWithNothingUpSaysSo() {
        TestProject.Result down = project.run("scenario", "down");

        assertThat(down.exitCode()).isZero();
        assertThat(down.out()).contains("No scenario is up");
    }

    private Properties state() throws Exception {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(".data/scenario/scenario.properties"))) {
            state.load(in);
        }
        return state;
    }

    private static List<String> emails(int port) throws Exception {
        List<String> emails = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/application", "postgres", "postgres"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT email FROM users ORDER BY id")) {
            while (rows.next()) {
                emails.add(rows.getString(1));
            }
        }
        return emails;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
