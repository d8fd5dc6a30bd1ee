package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

/**
 * db up / down / status, create-initial-db, migrate and info against a real embedded PostgreSQL in a temporary
 * project, on a port the OS picked, listening on 127.0.0.1 only. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDatabaseTest {

    static final boolean ROOT = new UnixSystem().getUid() == 0;

    Path dir;
    TestProject project;
    int port;

    @BeforeAll
    void createProject(@TempDir Path dir) throws Exception {
        this.dir = dir;
        project = new TestProject(dir);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        project.set("MANAGE_DATABASE", "embedded").set("POSTGRES_PORT", String.valueOf(port))
                .set("POSTGRES_HOSTNAME", "127.0.0.1").set("POSTGRES_PASSWORD", "s3cret'pw");
    }

    @AfterAll
    void stopServer() {
        if (!ROOT) {
            project.run("db", "down");
        }
    }

    @Test
    @Order(1)
    void statusBeforeTheFirstStart() {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result result = project.run("db", "status");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("embedded, not running (not created yet)");
    }

    @Test
    @Order(2)
    void upCreatesAndStartsTheServer() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result result = project.run("db", "up");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("The development database is up").contains("127.0.0.1:" + port);
        assertThat(dir.resolve(".data/development/postgres/PG_VERSION")).content().startsWith("17");
        assertThat(dir.resolve(".data/development/postgres/postmaster.pid")).exists();
        assertThat(Files.readString(dir.resolve(".data/development/postgres/postgresql.conf")))
                .contains("listen_addresses = '127.0.0.1'");
        assertThat(result.all()).doesNotContain("s3cret");
    }

    @Test
    @Order(3)
    void upAgainSaysItIsRunning() {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result result = project.run("db", "up");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("already running");
    }

    @Test
    @Order(4)
    void statusSaysWhereAndThatItIsReachable() {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result result = project.run("db", "status");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("embedded PostgreSQL 17").contains("127.0.0.1:" + port)
                .contains("reachable: yes").contains("PostgreSQL 17");
    }

    @Test
    @Order(5)
    void theConfiguredPasswordIsRequired() {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result result = project.set("POSTGRES_PASSWORD", "wrong").run("db", "status");
        project.set("POSTGRES_PASSWORD", "s3cret'pw");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("reachable: no").contains("password authentication failed");
    }

    @Test
    @Order(6)
    void createInitialDbCreatesApplicationDbAndTheServicesRolesOnce() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result first = project.run("create-initial-db");
        TestProject.Result second = project.run("create-initial-db");

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("Created database application");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("Database application exists already");
        assertThat(databases()).contains("application");
        assertThat(first.out()).contains("Roles application_owner (owns application, migrates it) and application "
                + "(the service's: reads and writes its tables) are set up");
        assertThat(second.exitCode()).as("the roles exist already: brought up to date, not refused").isZero();
        assertThat(query("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'application'"))
                .containsExactly("application_owner");
        assertThat(query("SELECT rolname || ':' || rolsuper || rolcreatedb || rolcreaterole || rolcanlogin "
                + "FROM pg_roles WHERE rolname IN ('application', 'application_owner') ORDER BY rolname"))
                .containsExactly("application:falsefalsefalsetrue", "application_owner:falsefalsefalsetrue");
        assertThat(query("SELECT has_database_privilege('application', 'application', 'CREATE') "
                + "OR has_database_privilege('application', 'application', 'TEMPORARY') "
                + "OR has_schema_privilege('application', 'public', 'CREATE')")).containsExactly("f");
    }

    @Test
    @Order(7)
    void maliciousApplicationDbIsRefusedAndNothingIsExecuted() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        List<String> before = databases();

        TestProject.Result result = project.set("APPLICATION_DB", "app; DROP DATABASE postgres")
                .run("create-initial-db");
        project.unset("APPLICATION_DB");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("refusing the database name 'app; DROP DATABASE postgres'");
        assertThat(databases()).isEqualTo(before).contains("postgres");
    }

    @Test
    @Order(8)
    void migrateAppliesPendingMigrationsAndInfoListsThem() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result pending = project.run("db", "info");
        TestProject.Result migrate = project.run("db", "migrate");
        project.run("db", "new", "add users name");
        Files.writeString(dir.resolve("src/main/resources/db/migration/V2__add_users_name.sql"),
                "ALTER TABLE users ADD COLUMN name text;\n");
        TestProject.Result info = project.run("db", "info");
        TestProject.Result migrateAgain = project.run("db", "migrate");
        TestProject.Result upToDate = project.run("db", "migrate");

        assertThat(pending.out()).containsPattern("1 +create users +Pending");
        assertThat(migrate.exitCode()).as(migrate.all()).isZero();
        assertThat(migrate.out()).contains("Applied 1 create users").contains("now at schema version 1");
        assertThat(info.out()).containsPattern("1 +create users +Success").containsPattern("2 +add users name +Pending")
                .contains("1 pending migration(s)");
        assertThat(migrateAgain.out()).contains("Applied 2 add users name");
        assertThat(upToDate.out()).contains("is up to date (schema version 2)");
        execute("INSERT INTO users (email, name) VALUES ('kept@example.com', 'Kept')");
    }

    @Test
    @Order(9)
    void createInitialDbHandsTheTablesThatAnotherRoleMigratedToTheOwner() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        // as in a development database that the superuser migrated before the roles were split
        execute("ALTER TABLE users OWNER TO postgres");
        execute("CREATE TABLE legacy (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)");
        execute("CREATE SEQUENCE legacy_numbers");

        TestProject.Result result = project.run("create-initial-db");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(query("SELECT c.relname || ':' || pg_get_userbyid(c.relowner) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') "
                + "ORDER BY 1")).containsExactly("flyway_schema_history:application_owner", "legacy:application_owner",
                        "legacy_id_seq:application_owner", "legacy_numbers:application_owner",
                        "users:application_owner", "users_id_seq:application_owner");
        assertThat(project.run("db", "migrate").out()).contains("is up to date");
        execute("DROP TABLE legacy");
        execute("DROP SEQUENCE legacy_numbers");
    }

    @Test
    @Order(10)
    void downStopsItAndKeepsTheData() {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result down = project.run("db", "down");
        TestProject.Result status = project.run("db", "status");
        TestProject.Result downAgain = project.run("db", "down");

        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(down.out()).contains("stopped; its data stays in .data/development/postgres");
        assertThat(dir.resolve(".data/development/postgres/postmaster.pid")).doesNotExist();
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.out()).contains("not running (data kept in .data/development/postgres)");
        assertThat(downAgain.exitCode()).isZero();
        assertThat(downAgain.out()).contains("is not running");
    }

    @Test
    @Order(11)
    void dataSurvivesDownAndUp() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");

        TestProject.Result up = project.run("db", "up");

        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.out()).doesNotContain("Creating the development database cluster");
        assertThat(query("SELECT name FROM users WHERE email = 'kept@example.com'")).containsExactly("Kept");
    }

    @Test
    @Order(12)
    void aTakenPortIsReportedBeforeStarting() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        project.run("db", "down");

        try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            TestProject.Result result = project.run("db", "up");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("port " + port + " on 127.0.0.1 is taken by another program");
        }
    }

    @Test
    @Order(13)
    void devStartsTheDatabaseCreatesApplicationDbAndRunsQuarkusDev() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        project.fakeMavenWrapper("exit 0");

        TestProject.Result result = project.set("APPLICATION_DB", "devloop").run("dev", "--", "-Dquarkus.http.port=0");
        project.unset("APPLICATION_DB");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(Files.readAllLines(dir.resolve("mvnw.args"))).containsExactly("quarkus:dev",
                "-Dquarkus.compose.devservices.enabled=false", "-Dquarkus.http.port=0");
        assertThat(Files.readAllLines(dir.resolve("mvnw.env"))).contains("APPLICATION_CONFIG=development",
                "APPLICATION_DB=devloop", "POSTGRES_PORT=" + port);
        assertThat(result.out()).contains("The development database is up").contains("Created database devloop")
                .contains("The database keeps running");
        assertThat(project.run("db", "status").exitCode()).isZero();
    }

    /**
     * With every statement logged (ALTER SYSTEM, as a server under audit would be), create-initial-db sets new
     * passwords for both roles: the server's log holds neither, only SCRAM verifiers, and both roles log in with them.
     */
    @Test
    @Order(14)
    void createInitialDbSendsNoPasswordInSqlText() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        String ownerPassword = "owner-pw-" + System.nanoTime();
        String servicePassword = "service-pw-" + System.nanoTime();
        Path log = dir.resolve(".data/development/postgres.log");
        execute("ALTER SYSTEM SET log_statement = 'all'");
        query("SELECT pg_reload_conf()::text");
        try {
            TestProject.Result result = project.set("APPLICATION_OWNER_PASSWORD", ownerPassword)
                    .set("APPLICATION_USER_PASSWORD", servicePassword).run("create-initial-db");

            assertThat(result.exitCode()).as(result.all()).isZero();
            String logged = Files.readString(log);
            assertThat(logged).as("every statement is logged").contains("ALTER ROLE \"application\" WITH LOGIN")
                    .contains("PASSWORD 'SCRAM-SHA-256$4096:");
            assertThat(logged).doesNotContain(ownerPassword).doesNotContain(servicePassword);
            assertThat(result.all()).doesNotContain(ownerPassword).doesNotContain(servicePassword);
            assertThat(loginAs("application_owner", ownerPassword)).isEqualTo("application_owner");
            assertThat(loginAs("application", servicePassword)).isEqualTo("application");
        } finally {
            project.unset("APPLICATION_OWNER_PASSWORD").unset("APPLICATION_USER_PASSWORD");
            execute("ALTER SYSTEM RESET log_statement");
            query("SELECT pg_reload_conf()::text");
        }
    }

    /** Neither role may be the administrator create-initial-db runs as, nor the other role: refused, nothing changed. */
    @Test
    @Order(15)
    void createInitialDbRefusesARoleThatIsTheAdministratorOrTheOtherRoleAndChangesNothing() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        List<String> before = rolesAndDatabases();
        String[][] refusals = {
                { "APPLICATION_OWNER", "postgres", "environment variable APPLICATION_OWNER is 'postgres', the "
                        + "administrator this runs as (POSTGRES_USER in " },
                { "APPLICATION_USER", "postgres", "environment variable APPLICATION_USER is 'postgres', the "
                        + "administrator this runs as (POSTGRES_USER in " },
                { "APPLICATION_USER", "application_owner", "APPLICATION_OWNER and APPLICATION_USER must be two roles, "
                        + "both are 'application_owner'" } };
        for (String[] refusal : refusals) {
            TestProject.Result result = project.set(refusal[0], refusal[1]).set("APPLICATION_DB", "never_created")
                    .run("create-initial-db");
            project.unset(refusal[0]).unset("APPLICATION_DB");

            assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
            assertThat(result.err()).contains(refusal[2]);
            assertThat(rolesAndDatabases()).as("roles, their attributes and passwords, databases").isEqualTo(before);
        }
    }

    /**
     * A server whose administrator is named like the service's role, as a production volume made when
     * config/production.json said POSTGRES_USER=application: that login stays the administrator, and the service
     * gets a role of a new name (docs/production.md, "Upgrading from one role").
     */
    @Test
    @Order(16)
    void anAdministratorNamedLikeTheServicesRoleStaysTheAdministratorAndTheServiceGetsANewRole() throws Exception {
        assumeFalse(ROOT, "PostgreSQL does not run as root");
        execute("CREATE ROLE legacy LOGIN SUPERUSER");
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "s3cret'pw")) {
            admin.unwrap(org.postgresql.PGConnection.class).alterUserPassword("legacy", "legacy-pw".toCharArray(),
                    "scram-sha-256");
        }
        project.set("POSTGRES_USER", "legacy").set("POSTGRES_PASSWORD", "legacy-pw");
        try {
            TestProject.Result refused = project.set("APPLICATION_USER", "legacy").run("create-initial-db");
            TestProject.Result upgraded = project.set("APPLICATION_USER", "legacy_service").run("create-initial-db");

            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
            assertThat(refused.err()).contains("is 'legacy', the administrator").contains("Nothing was changed")
                    .contains("APPLICATION_USER=legacy_service");
            assertThat(upgraded.exitCode()).as(upgraded.all()).isZero();
            assertThat(query("SELECT rolname || ':' || rolsuper FROM pg_roles WHERE rolname IN ('legacy', "
                    + "'legacy_service') ORDER BY rolname")).containsExactly("legacy:true", "legacy_service:false");
            assertThat(loginAs("legacy_service", "development-service")).isEqualTo("legacy_service");
        } finally {
            project.unset("APPLICATION_USER").set("POSTGRES_USER", "postgres").set("POSTGRES_PASSWORD", "s3cret'pw");
        }
    }

    /** Each role with its attributes and a digest of its password, then each database: what a refusal must not change. */
    private List<String> rolesAndDatabases() throws Exception {
        List<String> state = new ArrayList<>(query("SELECT rolname || ':' || rolsuper || rolcreaterole || rolcreatedb "
                + "|| rolcanlogin || ':' || md5(coalesce(rolpassword, '')) FROM pg_authid ORDER BY rolname", "postgres"));
        state.addAll(databases());
        return state;
    }

    private String loginAs(String role, String password) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/application", role, password);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_user")) {
            result.next();
            return result.getString(1);
        }
    }

    private List<String> databases() throws Exception {
        return query("SELECT datname FROM pg_database ORDER BY datname", "postgres");
    }

    private List<String> query(String sql) throws Exception {
        return query(sql, "application");
    }

    private List<String> query(String sql, String database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/"
                + database, "postgres", "s3cret'pw");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/application", "postgres", "s3cret'pw");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
