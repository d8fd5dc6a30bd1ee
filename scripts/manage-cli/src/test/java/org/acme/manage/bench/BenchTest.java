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
    private final Map<String, WrkResult> load = new LinkedHashMap<>();
    private final Map<String, PgbenchResult> postgresAlone = new LinkedHashMap<>();

    private ThrowawayPostgres db;
    private Path scripts;
    private long[] ids;
    private ServiceLaunch plain;
    private Path java25;
    private Path aotCache;
    private long rssIdle = -1;
    private long rssAfter = -1;
    /** The launch of the last startup series and of the service under load: tracingCost launches them again. */
    private ServiceLaunch lastStartupLaunch;
    private ServiceLaunch underLoadLaunch;
    private BenchFigures.Tracing tracing;

    /** Tools, the packaged service, the database migrated (by a first launch) and seeded, the AOT cache trained. */
    @BeforeAll
    void prepare() throws Exception {
        Map<String, Path> tools = BenchTools.ensure(context);
        context.out().println("Tools: wrk " + tools.get("wrk") + ", pgbench " + tools.get("pgbench"));
        ThrowawayPostgres.refuseRoot();
        Files.createDirectories(out);
        Path jar = PackagedService.prepare(context, options.noPackage(), out.resolve("quarkus-app"));
        scripts = extractScripts(out.resolve("scripts"));
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("load average before", loadAverage());
        machine.put("memory", memTotal());
        context.out().println("Machine: " + machine.get("cores") + " cores (shared by wrk, the service and "
                + "PostgreSQL), load average " + machine.get("load average before"));

        db = ThrowawayPostgres.start(context.processEnvironment(), context.out(), List.of());
        context.out().println("Throwaway PostgreSQL on " + db.host() + ":" + db.port());
        db.createDatabase(DATABASE);
        List<String> defaults = new ArrayList<>(options.noDefaultJvmOptions() ? List.of()
                : ServiceLaunch.PRODUCTION_JVM_OPTIONS);
        defaults.addAll(options.jvmOptions());
        plain = ServiceLaunch.prod(javaHere(), jar, context.projectDir().resolve("config"),
                context.processEnvironment(), db, DATABASE).withJvmOptions(defaults);
        context.out().println("Migrating (first launch of the service) and seeding " + SEED_USERS + " users");
        try (ServiceProcess first = ServiceProcess.launch(plain, out.resolve("service-migrate.log"))) {
            first.awaitReady(READY_TIMEOUT);
        }
        ids = db.seedUsers(DATABASE, "seed", SEED_USERS);
        try (Connection connection = db.connect(DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE users");
        }
        java25 = java25(options.jdk25Home());
        Path cache = out.resolve("app.aot");
        aotCache = java25 != null && train(plain.withJava(java25), cache) ? cache : null;
    }

    @AfterAll
    void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    /** Launch to the first 200 on GET /: the plain JVM, JDK 25, and JDK 25 with the AOT cache. */
    @Test
    @Order(1)
    void startupSeries() {
        lastStartupLaunch = plain;
        startups.add(startupSeries("JVM (" + javaVersion(javaHere()) + ")", plain));
        if (java25 != null) {
            lastStartupLaunch = plain.withJava(java25);
            startups.add(startupSeries("JDK 25, no AOT cache", lastStartupLaunch));
        }
        if (aotCache != null) {
            lastStartupLaunch = plain.withJava(java25).withJvmOptions(List.of("-XX:AOTCache=" + aotCache));
            startups.add(startupSeries("JDK 25 + AOT cache", lastStartupLaunch));
        }
        assertThat(startups).allSatisfy(series -> assertThat(series.millis()).hasSize(options.launches())
                .allMatch(millis -> millis > 0));
    }

    /** wrk against each request, after a warm-up, and the service's RSS before and after. */
    @Test
    @Order(2)
    void serviceUnderLoad() throws InterruptedException {
        ServiceLaunch underLoad = switch (options.serviceJvm()) {
            case "jvm" -> plain;
            case "jdk25" -> plain.withJava(java25);
            default -> aotCache != null ? plain.withJava(java25).withJvmOptions(List.of("-XX:AOTCache=" + aotCache))
                    : plain;
        };
        assertThat(underLoad.java()).as("--service-jvm %s needs a JDK 25 (--jdk25)", options.serviceJvm()).isNotNull();
        underLoadLaunch = underLoad.withEnvironment(options.serviceEnvironment());
        if (options.jfr()) {
            underLoad = underLoad.withJvmOptions(List.of("-XX:StartFlightRecording=filename="
                    + out.resolve("service.jfr") + ",settings=profile"));
        }
        underLoad = underLoad.withEnvironment(options.serviceEnvironment());
        int seconds = options.seconds();
        int warmup = options.warmupSeconds();
        settings.put("service command", String.join(" ", underLoad.command()));
        settings.put("service environment", options.serviceEnvironment().toString());
        settings.put("wrk", "wrk -t" + THREADS + " -c" + CONNECTIONS + " -d" + seconds + "s --latency (after "
                + warmup + " s of warm-up)");
        settings.put("pgbench", "pgbench -n -c" + CONNECTIONS + " -j" + THREADS + " -T" + seconds + " -M prepared");
        settings.put("seed", SEED_USERS + " users");

        context.out().println("The service under load: " + String.join(" ", underLoad.command()));
        long[] rss = underLoad(underLoad, "service.log", "", load);
        rssIdle = rss[0];
        rssAfter = rss[1];
        assertThat(load.values()).as("requests served in each wrk run").allSatisfy(result ->
                assertThat(result.requests()).isPositive());
        assertThat(rssAfter).as("the service's RSS after the load").isPositive();
    }

    /**
     * With --tracing: the last startup series and the service under load again, with tracing on (the standard
     * OTEL_EXPORTER_OTLP_ENDPOINT, every span exported to a sink on this machine), for report's table of both.
     */
    @Test
    @Order(3)
    void tracingCost() throws InterruptedException {
        Assumptions.assumeTrue(options.tracing(), "tracing is measured with --tracing");
        assertThat(underLoadLaunch).as("the service under load without tracing (serviceUnderLoad)").isNotNull();
        try (OtlpSink sink = OtlpSink.start()) {
            context.out().println("Tracing on: OTLP to " + sink.serviceEnvironment());
            BenchFigures.Startup startup = null;
            if (lastStartupLaunch != null && options.launches() > 0) {
                startup = startupSeries(startups.get(startups.size() - 1).label() + ", tracing on",
                        lastStartupLaunch.withEnvironment(sink.serviceEnvironment()));
            }
            Map<String, WrkResult> traced = new LinkedHashMap<>();
            long[] rss = underLoad(underLoadLaunch.withEnvironment(sink.serviceEnvironment()), "service-tracing.log",
                    " (tracing on)", traced);
            context.out().printf("  the sink received %d OTLP exports, %d KiB%n", sink.exports(),
                    sink.bytes() / 1024);
            assertThat(sink.exports()).as("OTLP exports received from the service with tracing on").isPositive();
            assertThat(traced.values()).as("requests served in each wrk run, tracing on").allSatisfy(result ->
                    assertThat(result.requests()).isPositive());
            tracing = new BenchFigures.Tracing(startup, rss[0], rss[1], List.copyOf(traced.values()), sink.exports(),
                    sink.bytes());
        }
    }

    /** The four wrk runs against one launch of {@code launch}: its RSS idle and after them, in KiB. */
    private long[] underLoad(ServiceLaunch launch, String log, String label, Map<String, WrkResult> into)
            throws InterruptedException {
        long idle;
        long after;
        try (ServiceProcess service = ServiceProcess.launch(launch, out.resolve(log))) {
            Duration ready = service.awaitReady(READY_TIMEOUT);
            context.out().println("  ready in " + ready.toMillis() + " ms on " + service.baseUrl() + ", pid "
                    + service.pid());
            Thread.sleep(2000);
            idle = service.rssKib().orElse(-1);
            String url = service.baseUrl();
            List<String> idRange = List.of(String.valueOf(ids[0]), String.valueOf(ids[1]));
            wrk("GET /users/{id}" + label, url, "get.lua", idRange, idRange, into);
            // Warm-up and measurement write different emails (a repeated one would be a 409), in every run.
            String run = started.getEpochSecond() + (label.isEmpty() ? "" : "t");
            wrk("POST /users" + label, url, "post.lua", List.of("warmup" + run), List.of("wrk" + run), into);
            List<String> pages = List.of(String.valueOf(SEED_USERS / PAGE_SIZE));
            wrk("GET /users?page=N&size=20" + label, url, "list.lua", pages, pages, into);
            List<String> size = List.of(String.valueOf(PAGE_SIZE));
            wrk("GET /users?after=ID&size=20 (following next)" + label, url, "keyset.lua", size, size, into);
            after = service.rssKib().orElse(-1);
        }
        return new long[] {idle, after};
    }

    /** pgbench on the table as the service left it (seed and POST rows). */
    @Test
    @Order(4)
    void postgresAlone() {
        Map<String, String> clientEnv = new HashMap<>(context.processEnvironment());
        clientEnv.keySet().removeIf(key -> key.startsWith("PG"));
        clientEnv.putAll(db.clientEnvironment(DATABASE));
        pgbench("select by id", clientEnv, "select.sql", List.of("-D", "min_id=" + ids[0], "-D", "max_id=" + ids[1]));
        // The list's own queries.
        pgbench("list page + count", clientEnv, "list.sql", List.of("-D", "pages=" + SEED_USERS / PAGE_SIZE));
        pgbench("insert", clientEnv, "insert.sql", List.of());
        assertThat(postgresAlone.values()).as("transactions in each pgbench run").allSatisfy(result ->
                assertThat(result.transactions()).isPositive());
    }

    /** The figures set against the targets; printed and written. Missed targets are reported, not failed. */
    @Test
    @Order(5)
    void report() throws IOException {
        assertThat(load).as("the wrk figures (serviceUnderLoad)").hasSize(4);
        assertThat(postgresAlone).as("the pgbench figures (postgresAlone)").hasSize(3);
        machine.put("load average after", loadAverage());
        List<WrkResult> wrk = List.copyOf(load.values());
        BenchReport report = new BenchReport(new BenchFigures(started.toString(), machine, options.quick(), settings,
                startups, rssIdle, rssAfter, wrk.get(0), wrk.get(1), wrk.get(2), wrk.get(3),
                postgresAlone.get("select by id"), postgresAlone.get("insert"),
                postgresAlone.get("list page + count"), tracing));
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
    private boolean train(ServiceLaunch java25Launch, Path cache) throws IOException, InterruptedException {
        context.out().println("Training the JDK 25 AOT cache as docker/Dockerfile.jvm does: 300 requests");
        Files.deleteIfExists(cache);
        ServiceLaunch training = java25Launch.withJvmOptions(List.of("-XX:AOTCacheOutput=" + cache));
        try (ServiceProcess service = ServiceProcess.launch(training, out.resolve("aot-workload-training.log"))) {
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

    private void wrk(String name, String url, String script, List<String> warmupArgs, List<String> scriptArgs,
            Map<String, WrkResult> into) {
        int warmup = options.warmupSeconds();
        int seconds = options.seconds();
        context.out().println("wrk: " + name + " (" + warmup + " s warm-up, then " + seconds + " s)");
        run(wrkCommand(url, scripts.resolve(script), warmup, false, warmupArgs), Duration.ofSeconds(warmup + 60));
        Processes.Output output = run(wrkCommand(url, scripts.resolve(script), seconds, true, scriptArgs),
                Duration.ofSeconds(seconds + 60));
        WrkResult result = parsed(output, WrkResult::parse);
        context.out().printf("  %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", result.requestsPerSecond(),
                result.p50Millis(), result.p99Millis(), result.errors());
        into.put(name, result);
    }

    static List<String> wrkCommand(String url, Path script, int seconds, boolean latency, List<String> scriptArgs) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + seconds + "s"));
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
