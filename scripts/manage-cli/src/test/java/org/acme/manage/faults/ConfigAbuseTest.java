package org.acme.manage.faults;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.acme.manage.Context;
import org.acme.manage.Manage;
import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Broken configuration, in config/production.json or in the environment: the service refuses to start with a
 * message that names the file (or variable) and the entry, and nothing reaches the database. PostgreSQL logs every
 * connection it receives (log_connections), so "nothing reached it" is read from its log.
 */
@FaultScenario
class ConfigAbuseTest {

    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One broken configuration.
     *
     * @param file     the content of production.json, or null for the shipped one
     * @param unset    environment variables to remove, so that the file's entry is the one used
     * @param set      environment variables to set
     * @param expected what the refusal must mention
     */
    record Abuse(String name, String file, List<String> unset, Map<String, String> set, List<String> expected) {
    }

    private static final String VALID = """
            [
              {"name": "POSTGRES_USER", "value": "application"},
              {"name": "POSTGRES_HOSTNAME", "value": "db"},
              {"name": "POSTGRES_PORT", "value": "5432"},
              {"name": "APPLICATION_DB", "value": "application"}
            ]
            """;

    static List<Abuse> abuses() {
        List<String> none = List.of();
        String file = "production.json";
        return List.of(
                new Abuse("truncated file", VALID.substring(0, VALID.length() / 2), none, Map.of(), List.of(file)),
                new Abuse("not JSON", "POSTGRES_USER=application\n", none, Map.of(), List.of(file)),
                new Abuse("empty file", "", none, Map.of(), List.of(file)),
                new Abuse("an object instead of a list", "{\"POSTGRES_USER\": \"application\"}", none, Map.of(),
                        List.of(file)),
                new Abuse("an entry given twice", VALID.replace("\"5432\"}", "\"5432\"},\n  {\"name\": "
                        + "\"POSTGRES_PORT\", \"value\": \"5433\"}"), none, Map.of(), List.of(file, "POSTGRES_PORT")),
                new Abuse("a key given twice in an entry", VALID.replace("{\"name\": \"POSTGRES_PORT\",",
                        "{\"name\": \"POSTGRES_PORT\", \"name\": \"APPLICATION_DB\","), none, Map.of(), List.of(file)),
                new Abuse("a number where a string belongs", VALID.replace("\"5432\"", "5432"), none, Map.of(),
                        List.of(file, "POSTGRES_PORT")),
                new Abuse("an entry that is not an object", VALID.replace("[", "[\n  \"POSTGRES_USER\","), none,
                        Map.of(), List.of(file)),
                new Abuse("an unknown field", VALID.replace("\"value\": \"db\"", "\"value\": \"db\", \"secret\": true"),
                        none, Map.of(), List.of(file, "secret")),
                new Abuse("a password in production.json", VALID.replace("[", "[\n  {\"name\": \"POSTGRES_PASSWORD\","
                        + " \"value\": \"hunter2\"},"), none, Map.of(), List.of(file, "POSTGRES_PASSWORD")),
                new Abuse("SQL in APPLICATION_DB in the file", VALID.replace("\"application\"}",
                        "\"application; DROP TABLE users; --\"}"), List.of("APPLICATION_DB"), Map.of(),
                        List.of(file, "APPLICATION_DB")),
                new Abuse("SQL in APPLICATION_DB from the environment", null, none,
                        Map.of("APPLICATION_DB", "x' OR '1'='1"), List.of("APPLICATION_DB")),
                new Abuse("a JDBC URL parameter smuggled in APPLICATION_DB", null, none,
                        Map.of("APPLICATION_DB", "postgres?socketFactory=java.lang.String"), List.of("APPLICATION_DB")),
                new Abuse("POSTGRES_PORT not a port", null, none, Map.of("POSTGRES_PORT", "5432; rm -rf /"),
                        List.of("POSTGRES_PORT")),
                new Abuse("POSTGRES_HOSTNAME with a path", null, none, Map.of("POSTGRES_HOSTNAME",
                        "127.0.0.1/postgres?x="), List.of("POSTGRES_HOSTNAME")),
                new Abuse("a pool size that is not a number in the file", VALID.replace("[", "[\n  {\"name\": "
                        + "\"POSTGRES_POOL_MAX_SIZE\", \"value\": \"lots\"},"), List.of("POSTGRES_POOL_MAX_SIZE"),
                        Map.of(), List.of(file, "POSTGRES_POOL_MAX_SIZE")),
                new Abuse("IDEMPOTENCY_KEY_TTL not a duration", null, none, Map.of("IDEMPOTENCY_KEY_TTL", "soon"),
                        List.of("IDEMPOTENCY_KEY_TTL")),
                new Abuse("no APPLICATION_USER_PASSWORD in production", null, List.of("APPLICATION_USER_PASSWORD"),
                        Map.of(), List.of("APPLICATION_USER_PASSWORD")),
                new Abuse("no APPLICATION_OWNER_PASSWORD for the migration step", null, none,
                        Map.of("QUARKUS_PROFILE", "migrate"), List.of("APPLICATION_OWNER_PASSWORD")));
    }

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        String database = run.createDatabase(run.name());
        // migrated once: each abuse changes the serving process's configuration only
        ServiceLaunch shipped = run.launch(database);
        try (ServiceProcess service = run.start(shipped, run.name() + "-first")) {
            run.seedUsers(database, "seed", 3);
        }
        Path configDir = run.outDir().resolve("config-abuse");
        Files.createDirectories(configDir);
        int refused = 0;
        List<Long> exitMillis = new ArrayList<>();
        for (Abuse abuse : abuses()) {
            ServiceLaunch launch = shipped;
            if (abuse.file() != null) {
                Files.writeString(configDir.resolve("production.json"), abuse.file());
                launch = launch.withConfigDir(configDir);
            }
            launch = launch.withoutEnvironment(abuse.unset().toArray(String[]::new)).withEnvironment(abuse.set());
            long connectionsBefore = connectionsReceived(run);
            Stopped stopped = launchAndAwaitExit(launch, run.outDir().resolve("config-abuse.log"));
            ServiceProcess service = stopped.service();
            OptionalInt exit = stopped.exit();
            long millis = stopped.millis();
            String log = stopped.log();
            boolean named = abuse.expected().stream().allMatch(log::contains);
            boolean untouched = connectionsReceived(run) == connectionsBefore;
            boolean ok = exit.isPresent() && exit.getAsInt() != 0 && named && untouched;
            if (ok) {
                refused++;
                exitMillis.add(millis);
            }
            run.out().printf("  %s %s: %s in %d ms; %s; %s%n", ok ? "[ok]  " : "[FAIL]", abuse.name(),
                    exit.isPresent() ? "exit code " + exit.getAsInt() : "still running", millis,
                    named ? "the refusal names " + String.join(" and ", abuse.expected())
                            : "the log does not name " + String.join(" and ", abuse.expected()),
                    untouched ? "no connection reached PostgreSQL" : "PostgreSQL received a connection");
            if (!named) {
                String last = service.logTail().lines().reduce((first, second) -> second).orElse("");
                run.out().println("           the log ends with: " + (last.length() > 300 ? last.substring(0, 300)
                        + "..." : last));
            }
        }
        verdict.figure("refused as required", refused + " of " + abuses().size() + " broken configurations, in "
                + exitMillis.stream().mapToLong(Long::longValue).min().orElse(0) + " to "
                + exitMillis.stream().mapToLong(Long::longValue).max().orElse(0) + " ms");
        verdict.check(refused == abuses().size(), "every broken configuration stops the service before it "
                + "connects, with a message naming the file or variable and the entry");

        Map<String, String> cliEnvironment = new HashMap<>(run.context().processEnvironment());
        cliEnvironment.putAll(Map.of("APPLICATION_CONFIG", "testing", "POSTGRES_HOSTNAME", run.server().host(),
                "POSTGRES_PORT", String.valueOf(run.server().port()), "POSTGRES_USER", run.server().user(),
                "POSTGRES_PASSWORD", run.server().password(), "APPLICATION_DB", "users; DROP DATABASE postgres"));
        StringWriter cliOutput = new StringWriter();
        PrintWriter cliOut = new PrintWriter(cliOutput, true);
        long connectionsBefore = connectionsReceived(run);
        int cliExit = Manage.run(new Context(run.context().projectDir(), cliEnvironment, cliOut, cliOut),
                "create-initial-db");
        verdict.figure("scripts/manage create-initial-db with SQL in APPLICATION_DB", "exit code " + cliExit + ": "
                + cliOutput.toString().lines().findFirst().orElse(""));
        verdict.check(cliExit != 0 && cliOutput.toString().contains("APPLICATION_DB")
                && connectionsReceived(run) == connectionsBefore,
                "the management script refuses it too, before it connects");
        verdict.check(run.count(database, "SELECT count(*) FROM users") == 3,
                "the database still holds its users");

        // a login with more rights than reading and writing the tables: the service connects, and refuses to serve
        Map<String, String> logins = new java.util.LinkedHashMap<>();
        logins.put(run.server().user(), "it is a superuser (SUPERUSER)");
        logins.put(ServiceLaunch.roles(run.server()).owner(), "it owns, or can act as the owner of, the tables");
        for (Map.Entry<String, String> login : logins.entrySet()) {
            ServiceLaunch launch = shipped.withEnvironment(Map.of("APPLICATION_USER", login.getKey(),
                            "APPLICATION_USER_PASSWORD", run.server().password()));
            Stopped stopped = launchAndAwaitExit(launch, run.outDir().resolve("config-abuse-login.log"));
            OptionalInt exit = stopped.exit();
            long millis = stopped.millis();
            String log = stopped.log();
            boolean named = log.contains("\"" + login.getKey() + "\" (APPLICATION_USER)") && log.contains(login.getValue())
                    && log.contains("refusing to start");
            boolean noStackTrace = !log.contains("\tat ") && !log.contains("Exception");
            verdict.figure("APPLICATION_USER=" + login.getKey(), (exit.isPresent() ? "exit code " + exit.getAsInt()
                    : "still running") + " in " + millis + " ms; " + log.lines()
                    .filter(line -> line.contains("refusing to start")).findFirst().orElse("no refusal in the log"));
            verdict.check(exit.isPresent() && exit.getAsInt() != 0 && named && noStackTrace, "the service logging in "
                    + "as " + login.getKey() + " refuses to start, naming the role and the right (\"" + login.getValue()
                    + "\"), without a stack trace");
        }
    }

    /** A launch of the service that was expected to stop by itself: how it ended, when, and its log. */
    record Stopped(ServiceProcess service, OptionalInt exit, long millis, String log) {
    }

    private static Stopped launchAndAwaitExit(ServiceLaunch launch, Path logFile) throws java.io.IOException {
        long launched = System.nanoTime();
        ServiceProcess service = ServiceProcess.launch(launch, logFile);
        OptionalInt exit = service.awaitExitOrKill(EXIT_TIMEOUT);
        return new Stopped(service, exit, (System.nanoTime() - launched) / 1_000_000,
                Files.readString(service.logFile()));
    }

    private static long connectionsReceived(FaultRun run) throws java.io.IOException {
        try (var lines = Files.lines(run.server().logFile())) {
            return lines.filter(line -> line.contains("connection received")).count();
        }
    }
}
