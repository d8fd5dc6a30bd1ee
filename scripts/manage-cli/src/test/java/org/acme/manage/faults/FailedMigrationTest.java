package org.acme.manage.faults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.acme.manage.ManageException;
import org.acme.manage.files.Directories;
import org.acme.manage.harness.PackagedService;
import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A migration that fails half-way: production's migration step (the service in the profile migrate) must exit
 * non-zero and say why, and the database must be exactly as before (PostgreSQL's transactional DDL), with nothing in
 * Flyway's history.
 * <p>
 * Flyway's locations are fixed when Quarkus builds the service, so the suite builds a copy of the service whose
 * locations add a test-only directory with one bad migration (V1000, after every real one). The shipped build never
 * sees it.
 */
@FaultScenario
class FailedMigrationTest {

    static final String MIGRATION = "V1000__fails_half_way.sql";

    /** Tables, columns, indexes, constraints and sequences of the public schema, one sorted line each. */
    static final String SCHEMA = """
            SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') FROM (
                SELECT 'table ' || tablename AS line FROM pg_tables WHERE schemaname = 'public'
                UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '
                    || is_nullable || ' ' || coalesce(column_default, '')
                    FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' '
                    || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                UNION ALL SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = 'public'
            ) AS schema""";
    static final String HISTORY = "SELECT coalesce(string_agg(installed_rank || ' ' || coalesce(version, '') || ' '"
            + " || success, ', ' ORDER BY installed_rank), '') FROM flyway_schema_history";
    static final String DATA = "SELECT count(*) || ' users, md5 ' || md5(coalesce(string_agg(id || ' ' || email, ','"
            + " ORDER BY id), '')) FROM users";

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        Path variantJar = buildVariant(run);
        String database = run.createDatabase(run.name());
        ServiceLaunch shipped = run.launch(database);
        try (ServiceProcess service = run.start(shipped, run.name() + "-before")) {
            run.seedUsers(database, "seed", 20);
        }
        String schemaBefore = query(run, database, SCHEMA);
        String historyBefore = query(run, database, HISTORY);
        String dataBefore = query(run, database, DATA);

        long launched = System.nanoTime();
        ServiceProcess failing = ServiceProcess.launch(run.migration(variantJar, database),
                run.outDir().resolve(run.name() + ".log"));
        OptionalInt exit = failing.awaitExitOrKill(FaultRun.READY_TIMEOUT);
        long exitedMillis = (System.nanoTime() - launched) / 1_000_000;
        List<String> log = Files.readAllLines(failing.logFile());
        String reason = flywayMessage(log);
        verdict.figure("the migration step with the bad migration", exit.isPresent() ? "exit code " + exit.getAsInt()
                + " after " + exitedMillis + " ms" : "still running after " + exitedMillis + " ms");
        verdict.figure("its log says", reason);
        verdict.check(exit.isPresent() && exit.getAsInt() != 0, "the migration step fails: the process exits non-zero");
        verdict.check(log.stream().anyMatch(line -> line.contains("1000") && line.contains("fails half way"))
                && log.stream().anyMatch(line -> line.contains("users_email_short")),
                "the log names the migration and what failed in it");
        verdict.check(log.stream().noneMatch(line -> line.contains("Listening on")),
                "it never listened for requests");

        String schemaAfter = query(run, database, SCHEMA);
        String historyAfter = query(run, database, HISTORY);
        verdict.figure("schema", schemaBefore.lines().count() + " lines before, " + schemaAfter.lines().count()
                + " after" + (schemaBefore.equals(schemaAfter) ? ", identical" : "; differs:\n" + schemaAfter));
        verdict.figure("history", "[" + historyBefore + "] before, [" + historyAfter + "] after");
        verdict.check(schemaBefore.equals(schemaAfter), "the schema is exactly as before (transactional DDL)");
        verdict.check(historyBefore.equals(historyAfter), "Flyway's history shows nothing applied or failed");
        verdict.check(dataBefore.equals(query(run, database, DATA)), "the data is exactly as before");

        // a rollback: the shipped release's migration step on a schema that a newer release migrated
        try (Connection connection = run.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '1001',"
                    + " 'from a newer release', 'SQL', 'V1001__from_a_newer_release.sql', 0, current_user, 0, true"
                    + " FROM flyway_schema_history");
        }
        ServiceProcess rollback = ServiceProcess.launch(run.migration(run.jar(), database),
                run.outDir().resolve(run.name() + "-rollback.log"));
        OptionalInt rollbackExit = rollback.awaitExitOrKill(FaultRun.READY_TIMEOUT);
        verdict.figure("the shipped migration step on a schema one migration ahead", rollbackExit.isPresent()
                ? "exit code " + rollbackExit.getAsInt() : "still running");
        verdict.check(rollbackExit.isPresent() && rollbackExit.getAsInt() == 0
                && Files.readString(rollback.logFile()).contains("newer than the latest available migration"),
                "a rollback's migration step leaves a newer release's migration as it is, with a warning, and exits 0");

        try (ServiceProcess service = run.start(shipped, run.name() + "-after")) {
            Http.Answer list = new Http(service.baseUrl()).get("/users?page=0&size=50");
            verdict.check(list.status() == 200 && list.body().contains("seed-20@example.com"),
                    "the shipped service starts on the same database afterwards and serves its users");
            FaultRun.checkAlive(service, verdict);
        }

        // the migration step skipped: the service on a database with the roles and no schema
        String unmigrated = run.createDatabase(run.name() + "-unmigrated");
        try (Connection connection = run.connect(unmigrated)) {
            ServiceLaunch.roles(run.server()).setUp(connection, unmigrated);
        }
        ServiceProcess skipped = ServiceProcess.launch(shipped.withEnvironment(Map.of("APPLICATION_DB", unmigrated)),
                run.outDir().resolve(run.name() + "-unmigrated.log"));
        OptionalInt skippedExit = skipped.awaitExitOrKill(FaultRun.READY_TIMEOUT);
        List<String> skippedLog = Files.readAllLines(skipped.logFile());
        verdict.figure("the service on a database never migrated", skippedExit.isPresent() ? "exit code "
                + skippedExit.getAsInt() : "still running");
        verdict.check(skippedExit.isPresent() && skippedExit.getAsInt() != 0
                && skippedLog.stream().anyMatch(line -> line.contains("Schema validation: missing table"))
                && skippedLog.stream().noneMatch(line -> line.contains("Listening on")),
                "without its migration step the service refuses to start: Hibernate's validation names a missing "
                        + "table, and nothing listened");
    }

    /**
     * Builds, once per change of the service, a copy of it (pom.xml and src/main in target/faults) whose Flyway
     * locations add the directory of {@link #MIGRATION}.
     */
    private static Path buildVariant(FaultRun run) throws IOException {
        Path project = run.context().projectDir();
        Path copy = run.outDir().resolve("failed-migration-build");
        Path migrations = run.outDir().resolve("failing-migration");
        Path jar = copy.resolve(PackagedService.APP_DIR).resolve(PackagedService.RUNNER);
        Path shipped = run.outDir().resolve("quarkus-app").resolve(PackagedService.RUNNER);
        if (Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(shipped)) > 0) {
            run.out().println("  the build with the bad migration is up to date: " + project.relativize(jar));
            return jar;
        }
        run.out().println("  building a copy of the service with the test-only location " + project.relativize(
                migrations) + " (Flyway's locations are fixed at build time)");
        Directories.deleteTree(migrations);
        Files.createDirectories(migrations);
        try (InputStream in = FailedMigrationTest.class.getResourceAsStream("/faults/failing-migration/" + MIGRATION)) {
            if (in == null) {
                throw new ManageException(MIGRATION + " is missing from the CLI's jar");
            }
            Files.write(migrations.resolve(MIGRATION), in.readAllBytes());
        }
        Directories.copyTree(project.resolve("src/main"), copy.resolve("src/main"));
        Files.copy(project.resolve("pom.xml"), copy.resolve("pom.xml"), StandardCopyOption.REPLACE_EXISTING);
        PackagedService.build(run.context(), List.of("-f", copy.resolve("pom.xml").toString(),
                "-Dquarkus.flyway.locations=db/migration,filesystem:" + migrations));
        return jar;
    }

    private static String query(FaultRun run, String database, String sql) throws SQLException {
        try (Connection connection = run.connect(database); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    /**
     * Flyway's account of the failure, out of the JSON log: the first message, in any log event or any exception
     * in it, that names the migration; its lines joined.
     */
    static String flywayMessage(List<String> jsonLog) {
        ObjectMapper json = new ObjectMapper();
        for (String line : jsonLog) {
            try {
                for (String message : json.readTree(line).findValuesAsText("message")) {
                    if (message.contains("V1000")) {
                        return message.lines().map(String::strip).filter(text -> !text.isEmpty()
                                && !text.startsWith("---")).collect(Collectors.joining(" | "));
                    }
                }
            } catch (JsonProcessingException e) {
                // not a JSON log line (the JVM's own output): skip it
            }
        }
        return "(no log event names the migration)";
    }
}
