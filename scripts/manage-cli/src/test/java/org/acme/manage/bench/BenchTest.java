package org.acme.manage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.harness.PackagedService;
import org.acme.manage.harness.ServiceLaunch;
import org.acme.manage.harness.ServiceProcess;
import org.acme.manage.harness.ThrowawayPostgres;
import org.acme.manage.process.Processes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks the packaged service (prod profile) against a throwaway PostgreSQL, and "
                + "PostgreSQL alone with pgbench in the same run: startup (plain JVM and JDK 25 AOT cache), RSS, "
                + "GET /users/{id}, POST /users, GET /users?page=N and GET /users?after=ID (following Link rel=next) with wrk "
                + "-t2 -c32 --latency.",
                "Writes target/bench/bench.json, bench.md and bench.svg. Needs wrk and pgbench (installed with "
                        + "apt-get when run as root), and an unprivileged user for PostgreSQL."})
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {

    static final int SEED_USERS = 10_000;
    static final int CONNECTIONS = 32;
    static final int THREADS = 2;
    static final int PAGE_SIZE = 20;
    static final String DATABASE = "bench";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Context context;

    public BenchCommand(Context context) {
        this.context = context;
    }

    @Option(names = "--quick", description = "A few seconds per step, one launch per startup series: a smoke check.")
    boolean quick;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Seconds per wrk and pgbench run "
            + "(default: 20, or 3 with --quick).")
    Integer duration;

    @Option(names = "--launches", paramLabel = "N", description = "Launches per startup series (default: 5, or 1 "
            + "with --quick); 0 skips the startup series.")
    Integer launches;

    @Option(names = "--jdk25", paramLabel = "DIR", description = "A JDK 25 for the AOT cache (default: "
            + "$JAVA25_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64).")
    Path jdk25;

    @Option(names = "--service-jvm", paramLabel = "MODE", description = "The JVM of the load test: aot (JDK 25 with "
            + "the AOT cache, as docker/Dockerfile.jvm runs it; the default), jdk25, or jvm (this java).")
    String serviceJvm = "aot";

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "A JVM option for the service under load "
            + "(repeatable), added after the defaults.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable for the "
            + "service under load (repeatable), e.g. -e POSTGRES_POOL_MAX_SIZE=8.")
    Map<String, String> serviceEnvironment = new LinkedHashMap<>();

    @Option(names = "--jfr", description = "Records a JFR profile of the service under load into "
            + "target/bench/service.jfr.")
    boolean jfr;

    @Option(names = "--no-package", description = "Use target/quarkus-app as it is, without ./mvnw package.")
    boolean noPackage;

    @Option(names = "--no-default-jvm-options", description = "Launch the service without the default JVM options "
            + "(for a before/after comparison).")
    boolean noDefaultJvmOptions;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Path> tools = BenchTools.ensure(context);
        context.out().println("Tools: wrk " + tools.get("wrk") + ", pgbench " + tools.get("pgbench"));
        ThrowawayPostgres.refuseRoot();
        Path projectDir = context.projectDir();
        Path out = projectDir.resolve("target/bench");
        Files.createDirectories(out);
        Path jar = PackagedService.prepare(context, noPackage, out.resolve("quarkus-app"));
        Path scripts = extractScripts(out.resolve("scripts"));
        int seconds = duration != null ? duration : quick ? 3 : 20;
        int warmup = quick ? 1 : 5;
        int launchCount = launches != null ? launches : quick ? 1 : 5;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path java25 = java25();

        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("load average before", loadAverage());
        machine.put("memory", memTotal());
        context.out().println("Machine: " + machine.get("cores") + " cores (shared by wrk, the service and "
                + "PostgreSQL), load average " + machine.get("load average before"));

        try (ThrowawayPostgres db = ThrowawayPostgres.start(context.processEnvironment(), context.out(), List.of())) {
            context.out().println("Throwaway PostgreSQL on " + db.host() + ":" + db.port());
            db.createDatabase(DATABASE);
            List<String> defaults = new ArrayList<>(noDefaultJvmOptions ? List.of() : ServiceLaunch.PRODUCTION_JVM_OPTIONS);
            defaults.addAll(jvmOptions);
            ServiceLaunch plain = ServiceLaunch.prod(java, jar, projectDir.resolve("config"),
                    context.processEnvironment(), db, DATABASE).withJvmOptions(defaults);

            // The first launch applies the Flyway migrations; then the seed.
            context.out().println("Migrating (first launch of the service) and seeding " + SEED_USERS + " users");
            try (ServiceProcess first = ServiceProcess.launch(plain, out.resolve("service-migrate.log"))) {
                first.awaitReady(READY_TIMEOUT);
            }
            long[] ids = seed(db);

            Path aotCache = out.resolve("app.aot");
            boolean aot = java25 != null && train(context, plain.withJava(java25), aotCache, out);
            List<BenchFigures.Startup> startups = new ArrayList<>();
            if (launchCount > 0) {
                startups.add(startupSeries(context, "JVM (" + javaVersion(java) + ")", plain, launchCount, out));
                if (java25 != null) {
                    startups.add(startupSeries(context, "JDK 25, no AOT cache", plain.withJava(java25), launchCount,
                            out));
                }
                if (aot) {
                    startups.add(startupSeries(context, "JDK 25 + AOT cache", plain.withJava(java25)
                            .withJvmOptions(List.of("-XX:AOTCache=" + aotCache)), launchCount, out));
                }
            }

            ServiceLaunch underLoad = switch (serviceJvm) {
                case "jvm" -> plain;
                case "jdk25" -> plain.withJava(require(java25, "--service-jvm jdk25"));
                case "aot" -> aot ? plain.withJava(java25).withJvmOptions(List.of("-XX:AOTCache=" + aotCache))
                        : plain;
                default -> throw new ManageException("--service-jvm must be aot, jdk25 or jvm", ManageException.USAGE);
            };
            List<String> options = new ArrayList<>();
            if (jfr) {
                options.add("-XX:StartFlightRecording=filename=" + out.resolve("service.jfr") + ",settings=profile");
            }
            underLoad = underLoad.withJvmOptions(options).withEnvironment(serviceEnvironment);

            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("service command", String.join(" ", underLoad.command()));
            settings.put("service environment", serviceEnvironment.toString());
            settings.put("wrk", "wrk -t" + THREADS + " -c" + CONNECTIONS + " -d" + seconds + "s --latency (after "
                    + warmup + " s of warm-up)");
            settings.put("pgbench", "pgbench -n -c" + CONNECTIONS + " -j" + THREADS + " -T" + seconds
                    + " -M prepared");
            settings.put("seed", SEED_USERS + " users");

            long rssIdle;
            long rssAfter;
            WrkResult get;
            WrkResult post;
            WrkResult list;
            WrkResult keyset;
            context.out().println("The service under load: " + String.join(" ", underLoad.command()));
            try (ServiceProcess service = ServiceProcess.launch(underLoad, out.resolve("service.log"))) {
                Duration ready = service.awaitReady(READY_TIMEOUT);
                context.out().println("  ready in " + ready.toMillis() + " ms on " + service.baseUrl() + ", pid "
                        + service.pid());
                Thread.sleep(2000);
                rssIdle = service.rssKib().orElse(-1);
                String url = service.baseUrl();
                List<String> idRange = List.of(String.valueOf(ids[0]), String.valueOf(ids[1]));
                get = wrk(context, "GET /users/{id}", url, scripts.resolve("get.lua"), warmup, seconds, idRange,
                        idRange);
                // Warm-up and measurement write different emails: a repeated one would be a 409.
                post = wrk(context, "POST /users", url, scripts.resolve("post.lua"), warmup, seconds,
                        List.of("warmup" + started.getEpochSecond()), List.of("wrk" + started.getEpochSecond()));
                List<String> pages = List.of(String.valueOf(SEED_USERS / PAGE_SIZE));
                list = wrk(context, "GET /users?page=N&size=20", url, scripts.resolve("list.lua"), warmup, seconds,
                        pages, pages);
                List<String> size = List.of(String.valueOf(PAGE_SIZE));
                keyset = wrk(context, "GET /users?after=ID&size=20 (following next)", url, scripts.resolve("keyset.lua"),
                        warmup, seconds, size, size);
                rssAfter = service.rssKib().orElse(-1);
            }
            Map<String, String> clientEnv = new HashMap<>(context.processEnvironment());
            clientEnv.keySet().removeIf(key -> key.startsWith("PG"));
            clientEnv.putAll(db.clientEnvironment(DATABASE));
            PgbenchResult select = pgbench(context, "select by id", clientEnv, scripts.resolve("select.sql"), seconds,
                    List.of("-D", "min_id=" + ids[0], "-D", "max_id=" + ids[1]));
            // The list's own queries, on the table as the service's list saw it (seed and POST rows).
            PgbenchResult listLimit = pgbench(context, "list page + count", clientEnv, scripts.resolve("list.sql"),
                    seconds, List.of("-D", "pages=" + SEED_USERS / PAGE_SIZE));
            PgbenchResult insert = pgbench(context, "insert", clientEnv, scripts.resolve("insert.sql"), seconds,
                    List.of());
            machine.put("load average after", loadAverage());

            BenchReport report = new BenchReport(new BenchFigures(started.toString(), machine, quick, settings,
                    startups, rssIdle, rssAfter, get, post, list, keyset, select, insert, listLimit));
            write(out, report);
            context.out().println();
            context.out().println(report.context());
            context.out().print(report.consoleTable());
            context.out().println();
            context.out().println("Written: " + projectDir.relativize(out.resolve("bench.json")) + ", "
                    + projectDir.relativize(out.resolve("bench.md")) + ", " + projectDir.relativize(
                            out.resolve("bench.svg")));
            context.out().println(report.allMet() ? "All targets met." : "Some targets are missed (see above).");
        }
        return 0;
    }

    static void write(Path out, BenchReport report) throws IOException {
        Files.writeString(out.resolve("bench.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report.json()) + "\n");
        Files.writeString(out.resolve("bench.md"), report.markdown());
        Files.writeString(out.resolve("bench.svg"), report.svg());
    }

    private Path java25() {
        Path home = jdk25 != null ? jdk25 : Path.of(context.processEnvironment().getOrDefault("JAVA25_HOME",
                "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path java = home.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            context.out().println("No JDK 25 in " + home + ": no AOT cache figures (see --jdk25)");
            return null;
        }
        return java;
    }

    private static Path require(Path java, String what) {
        if (java == null) {
            throw new ManageException(what + " needs a JDK 25 (--jdk25)", ManageException.USAGE);
        }
        return java;
    }

    /**
     * The training run of docker/Dockerfile.jvm (docker/aot-training.sh), on the bench's database: the service serves
     * 300 requests and is stopped; the JVM writes the AOT cache as it exits.
     */
    private static boolean train(Context context, ServiceLaunch java25Launch, Path cache, Path out) {
        context.out().println("Training the JDK 25 AOT cache as docker/Dockerfile.jvm does: 300 requests");
        try {
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
                    URI location = URI.create(users)
                            .resolve(created.headers().firstValue("Location").orElse("/users/1"));
                    client.send(HttpRequest.newBuilder(location).build(),
                            HttpResponse.BodyHandlers.discarding());
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static BenchFigures.Startup startupSeries(Context context, String label, ServiceLaunch launch, int count,
            Path out) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (ServiceProcess service = ServiceProcess.launch(launch, out.resolve("service-startup.log"))) {
                millis.add(service.awaitReady(READY_TIMEOUT).toMillis());
            }
        }
        BenchFigures.Startup startup = new BenchFigures.Startup(label, millis);
        context.out().printf("Startup, %s: %s ms, median %.0f ms%n", label, millis, startup.medianMillis());
        return startup;
    }

    private static WrkResult wrk(Context context, String name, String url, Path script, int warmup, int seconds,
            List<String> warmupArgs, List<String> scriptArgs) {
        context.out().println("wrk: " + name + " (" + warmup + " s warm-up, then " + seconds + " s)");
        run(context, wrkCommand(url, script, warmup, false, warmupArgs), Duration.ofSeconds(warmup + 60));
        Processes.Output output = run(context, wrkCommand(url, script, seconds, true, scriptArgs),
                Duration.ofSeconds(seconds + 60));
        try {
            WrkResult result = WrkResult.parse(output.text());
            context.out().printf("  %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", result.requestsPerSecond(),
                    result.p50Millis(), result.p99Millis(), result.errors());
            return result;
        } catch (IllegalArgumentException e) {
            throw new ManageException("cannot read the wrk output (" + e.getMessage() + "):\n" + output.text());
        }
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

    private static PgbenchResult pgbench(Context context, String name, Map<String, String> env, Path script,
            int seconds, List<String> extra) {
        context.out().println("pgbench: " + name + " (" + seconds + " s)");
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-c" + CONNECTIONS, "-j" + THREADS,
                "-T" + seconds, "-M", "prepared", "-f", script.toString()));
        command.addAll(extra);
        Processes.Output output = context.processes().capture(command, env, context.projectDir(),
                Duration.ofSeconds(seconds + 60));
        if (!output.succeeded()) {
            throw new ManageException("pgbench failed (exit " + output.exitCode() + "):\n" + output.text());
        }
        try {
            PgbenchResult result = PgbenchResult.parse(output.text());
            context.out().printf("  %.0f tps, %d failed%n", result.tps(), result.failed());
            return result;
        } catch (IllegalArgumentException e) {
            throw new ManageException("cannot read the pgbench output (" + e.getMessage() + "):\n" + output.text());
        }
    }

    private static Processes.Output run(Context context, List<String> command, Duration timeout) {
        Processes.Output output = context.processes().capture(command, context.processEnvironment(),
                context.projectDir(), timeout);
        if (!output.succeeded()) {
            throw new ManageException(String.join(" ", command) + " failed (exit " + output.exitCode() + "):\n"
                    + output.text());
        }
        return output;
    }

    /** Seeds the users, analyses the table, and returns the smallest and largest id. */
    private static long[] seed(ThrowawayPostgres db) throws SQLException {
        long[] ids = db.seedUsers(DATABASE, "seed", SEED_USERS);
        try (Connection connection = db.connect(DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE users");
        }
        return ids;
    }

    private static Path extractScripts(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of("get.lua", "post.lua", "list.lua", "keyset.lua", "select.sql", "insert.sql", "list.sql")) {
            try (InputStream in = BenchCommand.class.getResourceAsStream("/bench/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("bench/" + name + " is missing from the CLI's jar");
                }
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
