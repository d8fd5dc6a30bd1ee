package org.acme.manage.faults;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.ThrowawayPostgres;

/**
 * What every scenario works with: the throwaway PostgreSQL of the run, the packaged service and how to launch it
 * (prod profile, the production JVM options, each scenario on a database of its own), and where logs go; one for
 * each scenario, from {@link FaultSuite}.
 */
final class FaultRun {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Context context;
    private final ThrowawayPostgres server;
    private final Path jar;
    private final Path outDir;
    private final Map<String, String> serviceEnvironment;
    private final String name;

    FaultRun(Context context, ThrowawayPostgres server, Path jar, Path outDir,
            Map<String, String> serviceEnvironment, String name) {
        this.context = context;
        this.server = server;
        this.jar = jar;
        this.outDir = outDir;
        this.serviceEnvironment = Map.copyOf(serviceEnvironment);
        this.name = name;
    }

    /** The scenario's name, as {@code scripts/manage faults} takes it; its database and logs are named after it. */
    String name() {
        return name;
    }

    Context context() {
        return context;
    }

    PrintWriter out() {
        return context.out();
    }

    ThrowawayPostgres server() {
        return server;
    }

    Path jar() {
        return jar;
    }

    Path outDir() {
        return outDir;
    }

    /** A new, empty database for a scenario ({@link #launch} migrates it first, as production's migration step). */
    String createDatabase(String scenario) {
        String name = "faults_" + scenario.replace('-', '_');
        server.createDatabase(name);
        return name;
    }

    /** The packaged service against {@code database}, configured as in production (config/production.json). */
    ServiceLaunch launch(String database) {
        return launch(database, Map.of());
    }

    /**
     * As {@link #launch(String)}, with settings of the scenario's own (e.g. QUARKUS_SHUTDOWN_DELAY, which a
     * Kubernetes deployment sets); those given with {@code -e} still win, so that a scenario can be broken on purpose.
     */
    ServiceLaunch launch(String database, Map<String, String> scenarioEnvironment) {
        return ServiceLaunch.prod(java(), jar, context.projectDir().resolve("config"), context.processEnvironment(),
                server, database)
                .withJvmOptions(ServiceLaunch.PRODUCTION_JVM_OPTIONS)
                .withEnvironment(scenarioEnvironment)
                .withEnvironment(serviceEnvironment);
    }

    /** Production's migration step with {@code otherJar} against {@code database}, not yet started. */
    ServiceLaunch migration(Path otherJar, String database) {
        return ServiceLaunch.migration(java(), otherJar, context.projectDir().resolve("config"),
                context.processEnvironment(), server, database)
                .withJvmOptions(ServiceLaunch.PRODUCTION_JVM_OPTIONS)
                .withEnvironment(serviceEnvironment);
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** What a scenario that does not stop the service on purpose requires when it is done with it. */
    static final String STILL_RUNNING = "the service's process is still running at the end";

    static void checkAlive(ServiceProcess service, Verdict verdict) {
        verdict.check(service.isAlive(), STILL_RUNNING);
    }

    /** Launches and waits for the first 200 on GET /; the log goes to target/faults/NAME.log. */
    ServiceProcess start(ServiceLaunch launch, String logName) {
        ServiceProcess service = ServiceProcess.launch(launch, outDir.resolve(logName + ".log"));
        try {
            service.awaitReady(READY_TIMEOUT);
            return service;
        } catch (RuntimeException e) {
            service.killService();
            throw e;
        }
    }

    Connection connect(String database) throws SQLException {
        return server.connect(database);
    }

    long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Inserts {@code count} users with emails PREFIX-N@example.com; returns the smallest and largest id. */
    long[] seedUsers(String database, String prefix, int count) throws SQLException {
        return server.seedUsers(database, prefix, count);
    }

    /** The emails in the users table that start with {@code prefix}, with how often each is stored. */
    Map<String, Integer> storedEmails(String database, String prefix) throws SQLException {
        Map<String, Integer> stored = new java.util.HashMap<>();
        try (Connection connection = connect(database);
                var statement = connection.prepareStatement("SELECT email FROM users WHERE email LIKE ?")) {
            statement.setString(1, prefix + "%");
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.merge(rows.getString(1), 1, Integer::sum);
                }
            }
        }
        return stored;
    }

    /** How many of the POSTs in {@code samples} were answered 201 and left no row: acknowledged writes lost. */
    long lostWrites(String database, String emailPrefix, List<MixedLoad.Sample> samples) throws SQLException {
        Map<String, Integer> stored = storedEmails(database, emailPrefix);
        return samples.stream().filter(s -> s.answer().status() == 201 && !stored.containsKey(s.email())).count();
    }

    /** The ids stored for each email that starts with {@code prefix}: one each, unless a create was stored twice. */
    Map<String, List<Long>> storedIds(String database, String prefix) throws SQLException {
        Map<String, List<Long>> stored = new java.util.HashMap<>();
        try (Connection connection = connect(database);
                var statement = connection.prepareStatement("SELECT email, id FROM users WHERE email LIKE ?")) {
            statement.setString(1, prefix + "%");
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getString(1), email -> new ArrayList<>())
                            .add(rows.getLong(2));
                }
            }
        }
        return stored;
    }

    /**
     * Holds an exclusive lock on the users table from a session of its own until closed: every statement of the
     * service on the table waits, as on a database that is stuck or very slow.
     */
    TableLock lockUsers(String database) {
        try {
            Connection connection = connect(database);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
                try (var pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                    pid.next();
                    return new TableLock(connection, pid.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new ManageException("cannot lock the users table: " + e.getMessage(), e);
        }
    }

    /**
     * What the service's sessions on {@code database} do, from pg_stat_activity: how many it has open (every client
     * session on the database but the suite's own: this query and the holder of {@code lock}), and how many of them
     * run a statement that waits for {@code lock}.
     */
    Sessions serviceSessions(String database, TableLock lock) throws SQLException {
        try (Connection connection = connect(database); var statement = connection.prepareStatement("""
                SELECT count(*), count(*) FILTER (WHERE state = 'active' AND ? = ANY (pg_blocking_pids(pid)))
                FROM pg_stat_activity
                WHERE datname = ? AND backend_type = 'client backend' AND pid NOT IN (pg_backend_pid(), ?)""")) {
            statement.setInt(1, lock.pid);
            statement.setString(2, database);
            statement.setInt(3, lock.pid);
            try (var result = statement.executeQuery()) {
                result.next();
                return new Sessions(result.getInt(1), result.getInt(2));
            }
        }
    }

    /** The service's connections to its database, and how many of them are in use waiting on the suite's lock. */
    record Sessions(int open, int waitingOnLock) {

        /**
         * Every connection the pool may hold ({@code poolSize}, as configured) is taken, and there are more requests
         * than connections: the pool is exhausted. Compared with the configured size, not with the connections
         * open: a pool that never grows to its size has every open connection busy long before it is exhausted.
         */
        boolean exhaustedBy(int poolSize, int requestsInFlight) {
            return poolSize > 0 && waitingOnLock == poolSize && poolSize < requestsInFlight;
        }
    }

    static final String POOL_MAX_SIZE = "POSTGRES_POOL_MAX_SIZE";

    /**
     * The pool size the service was launched with: POSTGRES_POOL_MAX_SIZE of its environment (a {@code -e}), else of
     * config/production.json.
     */
    int poolMaxSize(ServiceLaunch launch) {
        String configured = launch.environment().get(POOL_MAX_SIZE);
        return Integer.parseInt(configured != null ? configured
                : context.environment("production").get(POOL_MAX_SIZE, "16"));
    }


    /** The lock of {@link #lockUsers}; closing it ends the transaction and lets the waiting statements run. */
    static final class TableLock implements AutoCloseable {
        private final Connection connection;
        private final int pid;

        private TableLock(Connection connection, int pid) {
            this.connection = connection;
            this.pid = pid;
        }

        /** Releases the lock; closing it again does nothing. */
        @Override
        public void close() {
            try (connection) {
                if (connection.isClosed()) {
                    return;
                }
                connection.rollback();
            } catch (SQLException e) {
                throw new ManageException("cannot release the lock on the users table: " + e.getMessage(), e);
            }
        }
    }

    /**
     * How long the suite waits for something it observes (a line in a log, a session waiting on a lock) before it
     * gives up: far longer than it takes on a starved machine, and not a bound of the service's.
     */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    /** Something the suite observes; it may ask the database. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 20 ms until it holds (true) or {@link #PATIENCE} has passed (false). */
    static boolean await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pause(Duration.ofMillis(20));
        }
        return true;
    }

    /** Whether the service has logged {@code text} so far. */
    static boolean logged(ServiceProcess service, String text) {
        try {
            return Files.readString(service.logFile()).contains(text);
        } catch (IOException e) {
            throw new ManageException("cannot read " + service.logFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A duration the service is configured with in src/main/resources/application.properties ({@code 20S}, as
     * Quarkus writes them), for a bound that follows the configuration.
     */
    Duration configuredDuration(String property) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(context.projectDir().resolve(APPLICATION_PROPERTIES))) {
            properties.load(in);
        } catch (IOException e) {
            throw new ManageException("cannot read " + APPLICATION_PROPERTIES + ": " + e.getMessage(), e);
        }
        String value = properties.getProperty(property);
        if (value == null) {
            throw new ManageException(property + " is not set in " + APPLICATION_PROPERTIES);
        }
        return Duration.parse("PT" + value.strip());
    }

    private static final String APPLICATION_PROPERTIES = "src/main/resources/application.properties";

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManageException("interrupted");
        }
    }
}
