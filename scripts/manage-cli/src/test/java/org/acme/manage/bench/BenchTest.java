package org.acme.manage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.acme.manage.Context;
import org.acme.manage.Manage;
import org.acme.manage.harness.CpuTime;
import org.acme.manage.harness.PackagedService;
import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.ThrowawayPostgres;
import org.acme.manage.process.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bench ({@code scripts/manage bench}, or {@code ./mvnw -f scripts/manage-cli/pom.xml test -Pbench}): the
 * packaged service (prod profile) against a throwaway PostgreSQL, then PostgreSQL alone with pgbench on the same
 * table. Not part of the CLI's tests (tag bench). The steps run in order on one database and one AOT cache;
 * {@link #report} writes target/bench/bench.json, bench.md and bench.svg from what the steps before it measured.
 * The options are system properties ({@link BenchOptions}).
 */
@Tag("bench")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchTest {

    static final int SEED_USERS = 10_000;
    static final int CONNECTIONS = 32;
    static final int THREADS = 2;
    static final int PAGE_SIZE = 20;
    static final String DATABASE = "bench";
    /** With --compare, the baseline's database, on the same server. */
    static final String BASELINE_DATABASE = "bench_baseline";
    static final String GET = "GET /users/{id}";
    static final String POST = "POST /users";
    static final String LIST = "GET /users?page=N&size=20";
    static final String KEYSET = BenchReport.KEYSET_REQUEST;
    static final List<String> REQUESTS = List.of(GET, POST, LIST, KEYSET);
    /** The wrk script of each request. */
    static final Map<String, String> SCRIPTS = Map.of(GET, "get.lua", POST, "post.lua", LIST, "list.lua", KEYSET,
            "keyset.lua");
    /** The round-trip pass: light, as it counts rather than times. */
    static final int ROUND_TRIP_CONNECTIONS = 4;
    static final int ROUND_TRIP_SECONDS = 3;
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final BenchOptions options = BenchOptions.from(System.getProperties(), System.getenv());
    private final Context context = new Context(Path.of(System.getProperty(Manage.PROJECT_DIR_PROPERTY,
            System.getProperty("basedir", ".") + "/../..")), System.getenv(), new PrintWriter(System.out, true),
            new PrintWriter(System.err, true));
    private final Path out = context.projectDir().resolve("target/bench");
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<BenchFigures.Startup> startups = new ArrayList<>();
    private final Map<String, PgbenchResult> postgresAlone = new LinkedHashMap<>();

    private ThrowawayPostgres db;
    private Path scripts;
    private ServiceLaunch plain;
    private Path java25;
    private long rssIdle = -1;
    private long rssAfter = -1;
    /** The launch of the last startup series: tracingCost launches it again. */
    private ServiceLaunch lastStartupLaunch;
    private BenchFigures.Tracing tracing;
    /** The working tree's service (B); with --compare, the baseline's too (A), first. */
    private Side candidate;
    private Side baseline;
    private BaselineBuild baselineBuild;
    private int runs;

    /**
     * One service under test, with its database (seeded alike) and its runs: one per request, or with --compare
     * two per request, A B B A.
     */
    private static final class Side {
        final String name;
        final String database;
        final ServiceLaunch plain;
        long[] ids;
        Path aotCache;
        ServiceLaunch underLoad;
        final Map<String, List<LoadRun>> runs = new LinkedHashMap<>();
        final Map<String, Double> roundTrips = new LinkedHashMap<>();

        Side(String name, String database, ServiceLaunch plain) {
            this.name = name;
            this.database = database;
            this.plain = plain;
        }

        /** Each request's runs summed up, with its round trips. */
        LoadRun figures(String request) {
            return LoadRun.mean(runs.get(request)).withRoundTrips(roundTrips.getOrDefault(request, Double.NaN));
        }

        List<LoadRun> runsOf(String request) {
            double perRequest = roundTrips.getOrDefault(request, Double.NaN);
            return runs.get(request).stream().map(run -> run.withRoundTrips(perRequest)).toList();
        }
    }

    /**
     * Tools, the packaged service (and with --compare the baseline's), the database migrated (by a first launch)
     * and seeded, the AOT cache trained.
     */
    @BeforeAll
    void prepare() throws Exception {
        Map<String, Path> tools = BenchTools.ensure(context);
        context.out().println("Tools: wrk " + tools.get("wrk") + ", pgbench " + tools.get("pgbench"));
        ThrowawayPostgres.refuseRoot();
        Files.createDirectories(out);
        Path jar = PackagedService.prepare(context, options.noPackage(), out.resolve("quarkus-app"));
        if (options.compare() != null) {
            baselineBuild = BaselineBuild.prepare(context, options.compare(), out);
        }
        scripts = extractScripts(out.resolve("scripts"));
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("load average before", loadAverage());
        machine.put("memory", memTotal());
        context.out().println("Machine: " + machine.get("cores") + " cores (shared by wrk, the service and "
                + "PostgreSQL), load average " + machine.get("load average before"));

        db = ThrowawayPostgres.start(context.processEnvironment(), context.out(), List.of());
        context.out().println("Throwaway PostgreSQL on " + db.host() + ":" + db.port());
        List<String> defaults = options.noDefaultJvmOptions() ? List.of() : ServiceLaunch.PRODUCTION_JVM_OPTIONS;
        java25 = java25(options.jdk25Home());
        runs = 1;
        if (baselineBuild != null) {
            runs = 2;
            db.createDatabase(BASELINE_DATABASE);
            baseline = side("A", BASELINE_DATABASE, ServiceLaunch.prod(javaHere(), baselineBuild.jar(),
                    baselineBuild.configDir(), context.processEnvironment(), db, BASELINE_DATABASE)
                    .withJvmOptions(defaults), "-baseline");
        }
        db.createDatabase(DATABASE);
        plain = ServiceLaunch.prod(javaHere(), jar, context.projectDir().resolve("config"),
                context.processEnvironment(), db, DATABASE).withJvmOptions(defaults)
                .withJvmOptions(options.jvmOptions());
        candidate = side("B", DATABASE, plain, "");
    }

    /** A service's database, migrated by a first launch and seeded, and its AOT cache trained on it. */
    private Side side(String name, String database, ServiceLaunch launch, String suffix) throws Exception {
        Side side = new Side(name, database, launch);
        context.out().println("Migrating " + database + " (a first launch of the service) and seeding " + SEED_USERS
                + " users");
        try (ServiceProcess first = ServiceProcess.launch(launch, out.resolve("service-migrate" + suffix + ".log"))) {
            first.awaitReady(READY_TIMEOUT);
        }
        side.ids = db.seedUsers(database, "seed", SEED_USERS);
        Path cache = out.resolve("app" + suffix + ".aot");
        side.aotCache = java25 != null && train(launch.withJava(java25), cache, suffix) ? cache : null;
        deleteAddedUsers(side);
        return side;
    }

    /**
     * Deletes the users that POST and the AOT training added, so that every run sees the seeded table: the list's
     * count(*) reads every row, and it must not depend on how many users the POST runs before it created.
     */
    private void deleteAddedUsers(Side side) throws SQLException {
        try (Connection connection = db.connect(side.database); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM users WHERE id > " + side.ids[1]);
            statement.execute("VACUUM ANALYZE users");
        }
    }

    @AfterAll
    void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    /** Launch to the first 200 on GET /: the plain JVM, JDK 25, and JDK 25 with the AOT cache (the working tree). */
    @Test
    @Order(1)
    void startupSeries() {
        lastStartupLaunch = plain;
        startups.add(startupSeries("JVM (" + javaVersion(javaHere()) + ")", plain));
        if (java25 != null) {
            lastStartupLaunch = plain.withJava(java25);
            startups.add(startupSeries("JDK 25, no AOT cache", lastStartupLaunch));
        }
        if (candidate.aotCache != null) {
            lastStartupLaunch = plain.withJava(java25).withJvmOptions(List.of("-XX:AOTCache=" + candidate.aotCache));
            startups.add(startupSeries("JDK 25 + AOT cache", lastStartupLaunch));
        }
        assertThat(startups).allSatisfy(series -> assertThat(series.millis()).hasSize(options.launches())
                .allMatch(millis -> millis > 0));
    }

    /**
     * wrk against each request, after a warm-up, and the service's CPU time and RSS around each run; with --compare,
     * the baseline and the working tree in turns, both running.
     */
    @Test
    @Order(2)
    void serviceUnderLoad() throws Exception {
        for (Side side : sides()) {
            ServiceLaunch underLoad = switch (options.serviceJvm()) {
                case "jvm" -> side.plain;
                case "jdk25" -> side.plain.withJava(java25);
                default -> side.aotCache != null ? side.plain.withJava(java25)
                        .withJvmOptions(List.of("-XX:AOTCache=" + side.aotCache)) : side.plain;
            };
            assertThat(underLoad.java()).as("--service-jvm %s needs a JDK 25 (--jdk25)", options.serviceJvm())
                    .isNotNull();
            side.underLoad = side == candidate ? underLoad.withEnvironment(options.serviceEnvironment()) : underLoad;
        }
        ServiceLaunch measured = candidate.underLoad;
        if (options.jfr()) {
            measured = measured.withJvmOptions(List.of("-XX:StartFlightRecording=filename="
                    + out.resolve("service.jfr") + ",settings=profile"));
        }
        int seconds = options.seconds();
        int warmup = options.warmupSeconds();
        settings.put("service command", String.join(" ", measured.command()));
        settings.put("service environment", options.serviceEnvironment().toString());
        if (baseline != null) {
            settings.put("baseline command", String.join(" ", baseline.underLoad.command()));
        }
        settings.put("wrk", "wrk -t" + THREADS + " -c" + CONNECTIONS + " -d" + seconds + "s --latency (after "
                + warmup + " s of warm-up)" + (runs > 1 ? ", " + runs + " runs per request and side" : ""));
        settings.put("round trips", "a pass of its own through a counting relay: wrk -t1 -c"
                + ROUND_TRIP_CONNECTIONS + " -d" + ROUND_TRIP_SECONDS + "s per request, after 1 s of warm-up");
        settings.put("pgbench", "pgbench -n -c" + CONNECTIONS + " -j" + THREADS + " -T" + seconds + " -M prepared");
        settings.put("seed", SEED_USERS + " users, and the users POST added deleted after each run");

        context.out().println("The service under load: " + String.join(" ", measured.command()));
        if (baseline == null) {
            long[] rss = underLoad(measured, "service.log", "", candidate.runs);
            rssIdle = rss[0];
            rssAfter = rss[1];
        } else {
            context.out().println("The baseline (A, " + baselineBuild.ref() + "): "
                    + String.join(" ", baseline.underLoad.command()));
            try (ServiceProcess a = ServiceProcess.launch(baseline.underLoad, out.resolve("service-baseline.log"));
                    ServiceProcess b = ServiceProcess.launch(measured, out.resolve("service.log"))) {
                a.awaitReady(READY_TIMEOUT);
                b.awaitReady(READY_TIMEOUT);
                Thread.sleep(2000);
                rssIdle = b.rssKib().orElse(-1);
                // A B B A: a load on the machine that grows or fades during a request's runs weighs on both alike
                for (String request : REQUESTS) {
                    measure(baseline, a, request, true, "a0", "");
                    measure(candidate, b, request, true, "b0", "");
                    measure(candidate, b, request, false, "b1", "");
                    measure(baseline, a, request, false, "a1", "");
                }
                rssAfter = b.rssKib().orElse(-1);
            }
        }
        for (Side side : sides()) {
            assertThat(side.runs).as("the runs of side %s", side.name).containsOnlyKeys(REQUESTS);
            assertThat(side.runs.values()).allSatisfy(list -> assertThat(list).hasSize(runs).allSatisfy(run -> {
                assertThat(run.wrk().requests()).as("requests served").isPositive();
                assertThat(run.cpuMicrosPerRequest()).as("the service's CPU per request").isPositive().isFinite();
            }));
        }
        assertThat(rssAfter).as("the service's RSS after the load").isPositive();
    }

    /**
     * With --tracing: the last startup series and the service under load again, with tracing on (the standard
     * OTEL_EXPORTER_OTLP_ENDPOINT, every span exported to a sink on this machine), for report's table of both.
     */
    @Test
    @Order(3)
    void tracingCost() throws Exception {
        Assumptions.assumeTrue(options.tracing(), "tracing is measured with --tracing");
        assertThat(candidate.underLoad).as("the service under load without tracing (serviceUnderLoad)").isNotNull();
        try (OtlpSink sink = OtlpSink.start()) {
            context.out().println("Tracing on: OTLP to " + sink.serviceEnvironment());
            BenchFigures.Startup startup = null;
            if (lastStartupLaunch != null && options.launches() > 0) {
                startup = startupSeries(startups.get(startups.size() - 1).label() + ", tracing on",
                        lastStartupLaunch.withEnvironment(sink.serviceEnvironment()));
            }
            Map<String, List<LoadRun>> traced = new LinkedHashMap<>();
            long[] rss = underLoad(candidate.underLoad.withEnvironment(sink.serviceEnvironment()),
                    "service-tracing.log", " (tracing on)", traced);
            context.out().printf("  the sink received %d OTLP exports, %d KiB%n", sink.exports(),
                    sink.bytes() / 1024);
            assertThat(sink.exports()).as("OTLP exports received from the service with tracing on").isPositive();
            assertThat(traced).as("a wrk run of each request, tracing on").hasSize(REQUESTS.size());
            List<LoadRun> load = traced.values().stream().map(list -> list.get(0)).toList();
            assertThat(load).allSatisfy(run -> assertThat(run.wrk().requests()).isPositive());
            tracing = new BenchFigures.Tracing(startup, rss[0], rss[1], load, sink.exports(), sink.bytes());
        }
    }

    /**
     * The database round trips of each request, counted on the wire: the service (each side with --compare) launched
     * again, its connections through a {@link RoundTripCounter}, under a light load of its own, so that the relay's
     * CPU weighs on none of the figures above.
     */
    @Test
    @Order(4)
    void roundTrips() throws Exception {
        for (Side side : sides()) {
            assertThat(side.underLoad).as("the service under load (serviceUnderLoad)").isNotNull();
            try (RoundTripCounter counter = RoundTripCounter.start(db.host(), db.port());
                    ServiceProcess service = ServiceProcess.launch(side.underLoad.withEnvironment(Map.of(
                            "POSTGRES_PORT", String.valueOf(counter.port()), "POSTGRES_SSLMODE", "disable")),
                            out.resolve("service-round-trips" + (side == baseline ? "-baseline" : "") + ".log"))) {
                service.awaitReady(READY_TIMEOUT);
                context.out().println("Round trips to PostgreSQL" + (baseline != null ? ", side " + side.name : "")
                        + " (through a counting relay, wrk -t1 -c" + ROUND_TRIP_CONNECTIONS + ")");
                for (String request : REQUESTS) {
                    ScriptArguments arguments = scriptArguments(side, request, "rt");
                    Path script = scripts.resolve(SCRIPTS.get(request));
                    run(wrkCommand(service.baseUrl(), script, 1, false, arguments.warmup(), 1,
                            ROUND_TRIP_CONNECTIONS), Duration.ofSeconds(60));
                    long before = counter.roundTrips();
                    WrkResult result = parsed(run(wrkCommand(service.baseUrl(), script, ROUND_TRIP_SECONDS, true,
                            arguments.measured(), 1, ROUND_TRIP_CONNECTIONS), Duration.ofSeconds(60)),
                            WrkResult::parse);
                    long roundTrips = counter.roundTrips() - before;
                    assertThat(result.requests()).as("requests served through the relay: %s", request).isPositive();
                    double perRequest = (double) roundTrips / result.requests();
                    context.out().printf("  %s: %d round trips for %d requests: %.2f per request%n", request,
                            roundTrips, result.requests(), perRequest);
                    side.roundTrips.put(request, perRequest);
                    if (request.equals(POST)) {
                        deleteAddedUsers(side);
                    }
                }
            }
            assertThat(side.roundTrips).as("round trips per request, side %s", side.name).containsOnlyKeys(REQUESTS)
                    .allSatisfy((request, perRequest) -> assertThat(perRequest).as(request).isPositive());
        }
    }

    private List<Side> sides() {
        return baseline == null ? List.of(candidate) : List.of(baseline, candidate);
    }

    /**
     * The four requests against one launch of {@code launch}, one run each, into {@code into}; returns its RSS idle
     * and after them, in KiB.
     */
    private long[] underLoad(ServiceLaunch launch, String log, String label, Map<String, List<LoadRun>> into)
            throws Exception {
        Side side = new Side(candidate.name, candidate.database, launch);
        side.ids = candidate.ids;
        long idle;
        long after;
        try (ServiceProcess service = ServiceProcess.launch(launch, out.resolve(log))) {
            Duration ready = service.awaitReady(READY_TIMEOUT);
            context.out().println("  ready in " + ready.toMillis() + " ms on " + service.baseUrl() + ", pid "
                    + service.pid());
            Thread.sleep(2000);
            idle = service.rssKib().orElse(-1);
            for (String request : REQUESTS) {
                measure(side, service, request, true, label.isEmpty() ? "" : "t", label);
            }
            after = service.rssKib().orElse(-1);
        }
        into.putAll(side.runs);
        return new long[] {idle, after};
    }

    /**
     * One wrk run of {@code request} (after a warm-up when {@code warmUp}) against {@code service}, with the
     * service's CPU time before and after it, added to the side's runs. {@code run} tells the emails of POST apart.
     */
    private void measure(Side side, ServiceProcess service, String request, boolean warmUp, String run, String label)
            throws SQLException {
        int warmup = options.warmupSeconds();
        int seconds = options.seconds();
        String name = request + label + (baseline != null ? ", " + side.name : "");
        context.out().println("wrk: " + name + (warmUp ? " (" + warmup + " s warm-up, then " : " (") + seconds + " s)");
        ScriptArguments arguments = scriptArguments(side, request, run);
        Path script = scripts.resolve(SCRIPTS.get(request));
        if (warmUp) {
            run(wrkCommand(service.baseUrl(), script, warmup, false, arguments.warmup()),
                    Duration.ofSeconds(warmup + 60));
        }
        long cpuBefore = cpuTicks(service);
        Processes.Output output = run(wrkCommand(service.baseUrl(), script, seconds, true, arguments.measured()),
                Duration.ofSeconds(seconds + 60));
        long cpuTicks = cpuTicks(service) - cpuBefore;
        WrkResult result = parsed(output, WrkResult::parse);
        double cpuMicros = result.requests() > 0
                ? cpuTicks * 1e6 / CpuTime.TICKS_PER_SECOND / result.requests() : Double.NaN;
        LoadRun measured = new LoadRun(result, cpuMicros, service.rssKib().orElse(-1), Double.NaN);
        context.out().printf("  %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors, %.0f µs CPU/request, RSS %d MiB%n",
                result.requestsPerSecond(), result.p50Millis(), result.p99Millis(), result.errors(), cpuMicros,
                measured.rssAfterKib() / 1024);
        side.runs.computeIfAbsent(request, key -> new ArrayList<>()).add(measured);
        if (request.equals(POST)) {
            deleteAddedUsers(side);
        }
    }

    private static long cpuTicks(ServiceProcess service) {
        return CpuTime.ticks(service.pid()).orElseThrow(() -> new AssertionError(
                "cannot read the CPU time of the service (pid " + service.pid() + ") from /proc"));
    }

    /** The arguments of a request's wrk script, for the warm-up and for the measured run. */
    private record ScriptArguments(List<String> warmup, List<String> measured) {

        ScriptArguments(List<String> both) {
            this(both, both);
        }
    }

    private ScriptArguments scriptArguments(Side side, String request, String run) {
        return switch (request) {
            case GET -> new ScriptArguments(List.of(String.valueOf(side.ids[0]), String.valueOf(side.ids[1])));
            // Warm-up and measurement write different emails (a repeated one would be a 409), in every run.
            case POST -> new ScriptArguments(List.of("warmup" + started.getEpochSecond() + run),
                    List.of("wrk" + started.getEpochSecond() + run));
            case LIST -> new ScriptArguments(List.of(String.valueOf(SEED_USERS / PAGE_SIZE)));
            default -> new ScriptArguments(List.of(String.valueOf(PAGE_SIZE)));
        };
    }

    /** pgbench on the seeded table. */
    @Test
    @Order(5)
    void postgresAlone() {
        Map<String, String> clientEnv = new HashMap<>(context.processEnvironment());
        clientEnv.keySet().removeIf(key -> key.startsWith("PG"));
        clientEnv.putAll(db.clientEnvironment(DATABASE));
        long[] ids = candidate.ids;
        pgbench("select by id", clientEnv, "select.sql", List.of("-D", "min_id=" + ids[0], "-D", "max_id=" + ids[1]));
        // The list's own queries.
        pgbench("list page + count", clientEnv, "list.sql", List.of("-D", "pages=" + SEED_USERS / PAGE_SIZE));
        pgbench("insert", clientEnv, "insert.sql", List.of());
        assertThat(postgresAlone.values()).as("transactions in each pgbench run").allSatisfy(result ->
                assertThat(result.transactions()).isPositive());
    }

    /** The figures set against the targets; printed and written. Missed targets are reported, not failed. */
    @Test
    @Order(6)
    void report() throws IOException {
        assertThat(candidate.runs).as("the wrk figures (serviceUnderLoad)").containsOnlyKeys(REQUESTS);
        assertThat(candidate.roundTrips).as("the round trips (roundTrips)").containsOnlyKeys(REQUESTS);
        assertThat(postgresAlone).as("the pgbench figures (postgresAlone)").hasSize(3);
        machine.put("load average after", loadAverage());
        BenchFigures.Comparison comparison = baseline == null ? null : new BenchFigures.Comparison(
                baselineBuild.ref(), baselineBuild.commit(), REQUESTS.stream().map(request ->
                        new BenchFigures.ComparedLoad(request, baseline.runsOf(request), candidate.runsOf(request)))
                        .toList());
        BenchReport report = new BenchReport(new BenchFigures(started.toString(), machine, options.quick(), settings,
                startups, rssIdle, rssAfter, candidate.figures(GET), candidate.figures(POST), candidate.figures(LIST),
                candidate.figures(KEYSET), postgresAlone.get("select by id"), postgresAlone.get("insert"),
                postgresAlone.get("list page + count"), tracing, comparison));
        report.writeTo(out);
        Path projectDir = context.projectDir();
        context.out().println();
        context.out().println(report.context());
        context.out().print(report.consoleTable());
        context.out().println();
        context.out().println("Written: " + projectDir.relativize(out.resolve("bench.json")) + ", "
                + projectDir.relativize(out.resolve("bench.md")) + ", " + projectDir.relativize(
                        out.resolve("bench.svg")));
        context.out().println(report.allMet() ? "All targets met." : "Some targets are missed (see above).");
        assertThat(out.resolve("bench.json")).isNotEmptyFile();
    }

    private static Path javaHere() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private Path java25(Path home) {
        Path java = home.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            context.out().println("No JDK 25 in " + home + ": no AOT cache figures (see --jdk25)");
            return null;
        }
        return java;
    }

    /**
     * The training run of docker/Dockerfile.jvm (docker/aot-training.sh), on the bench's database: the service serves
     * 300 requests and is stopped; the JVM writes the AOT cache as it exits.
     */
    private boolean train(ServiceLaunch java25Launch, Path cache, String suffix)
            throws IOException, InterruptedException {
        context.out().println("Training the JDK 25 AOT cache as docker/Dockerfile.jvm does: 300 requests");
        Files.deleteIfExists(cache);
        ServiceLaunch training = java25Launch.withJvmOptions(List.of("-XX:AOTCacheOutput=" + cache));
        Path log = out.resolve("aot-workload-training" + suffix + ".log");
        try (ServiceProcess service = ServiceProcess.launch(training, log)) {
            service.awaitReady(READY_TIMEOUT);
            HttpClient client = HttpClient.newHttpClient();
            String users = service.baseUrl() + "/users";
            for (int i = 0; i < 100; i++) {
                String email = "aot-" + i + "-" + System.nanoTime() + "@example.com";
                HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(users))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                // Location is relative (/users/ID): resolved against the service's address
                URI location = URI.create(users).resolve(created.headers().firstValue("Location").orElse("/users/1"));
                client.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.discarding());
                client.send(HttpRequest.newBuilder(URI.create(users + "?page=" + i + "&size=20")).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            // SIGTERM; the JVM assembles the cache before it exits
            if (service.terminateService(Duration.ofMinutes(3)).isEmpty()) {
                context.out().println("  the training run did not exit: no figures for this cache");
                return false;
            }
        }
        return Files.exists(cache);
    }

    private BenchFigures.Startup startupSeries(String label, ServiceLaunch launch) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < options.launches(); i++) {
            try (ServiceProcess service = ServiceProcess.launch(launch, out.resolve("service-startup.log"))) {
                millis.add(service.awaitReady(READY_TIMEOUT).toMillis());
            }
        }
        BenchFigures.Startup startup = new BenchFigures.Startup(label, millis);
        context.out().printf("Startup, %s: %s ms, median %.0f ms%n", label, millis, startup.medianMillis());
        return startup;
    }

    static List<String> wrkCommand(String url, Path script, int seconds, boolean latency, List<String> scriptArgs) {
        return wrkCommand(url, script, seconds, latency, scriptArgs, THREADS, CONNECTIONS);
    }

    static List<String> wrkCommand(String url, Path script, int seconds, boolean latency, List<String> scriptArgs,
            int threads, int connections) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + seconds + "s"));
        if (latency) {
            command.add("--latency");
        }
        command.addAll(List.of("-s", script.toString(), url));
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        return command;
    }

    private void pgbench(String name, Map<String, String> env, String script, List<String> extra) {
        int seconds = options.seconds();
        context.out().println("pgbench: " + name + " (" + seconds + " s)");
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-c" + CONNECTIONS, "-j" + THREADS,
                "-T" + seconds, "-M", "prepared", "-f", scripts.resolve(script).toString()));
        command.addAll(extra);
        Processes.Output output = context.processes().capture(command, env, context.projectDir(),
                Duration.ofSeconds(seconds + 60));
        assertThat(output.succeeded()).as("pgbench exit %d:%n%s", output.exitCode(), output.text()).isTrue();
        PgbenchResult result = parsed(output, PgbenchResult::parse);
        context.out().printf("  %.0f tps, %d failed%n", result.tps(), result.failed());
        postgresAlone.put(name, result);
    }

    private static <T> T parsed(Processes.Output output, Function<String, T> parser) {
        try {
            return parser.apply(output.text());
        } catch (IllegalArgumentException e) {
            return fail("cannot read the output (" + e.getMessage() + "):\n" + output.text(), e);
        }
    }

    private Processes.Output run(List<String> command, Duration timeout) {
        Processes.Output output = context.processes().capture(command, context.processEnvironment(),
                context.projectDir(), timeout);
        assertThat(output.succeeded()).as("%s: exit %d%n%s", String.join(" ", command), output.exitCode(),
                output.text()).isTrue();
        return output;
    }

    private static Path extractScripts(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of("get.lua", "post.lua", "list.lua", "keyset.lua", "select.sql", "insert.sql",
                "list.sql")) {
            try (InputStream in = BenchTest.class.getResourceAsStream("/bench/" + name)) {
                assertThat(in).as("bench/" + name + " on the test class path").isNotNull();
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        return dir;
    }

    private static String javaVersion(Path java) {
        String home = java.getParent().getParent().getFileName().toString();
        return "java " + Runtime.version().feature() + ", " + home;
    }

    private static String loadAverage() {
        try {
            String[] words = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return words[0] + ", " + words[1] + ", " + words[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(line -> line.startsWith("MemTotal:")).findFirst()
                    .map(line -> line.substring("MemTotal:".length()).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
