package org.acme.manage.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.acme.manage.Context;
import org.acme.manage.Manage;
import org.acme.manage.ManageException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The entry point of the bench, which is a JUnit test of the CLI (BenchTest, tag bench): run through Maven. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks the packaged service (prod profile) against a throwaway PostgreSQL, and "
                + "PostgreSQL alone with pgbench in the same run: startup (plain JVM and JDK 25 AOT cache), RSS, "
                + "GET /users/{id}, POST /users, GET /users?page=N and GET /users?after=ID (following Link rel=next) "
                + "with wrk -t2 -c32 --latency, each with the service's CPU time per request, its RSS after it and "
                + "(in a pass of their own, through a relay that counts them) its database round trips per request; "
                + "with --tracing, the same again with OpenTelemetry tracing on; with --compare REF, another commit's "
                + "service against the working tree's.",
                "Runs the JUnit bench (./mvnw -f scripts/manage-cli/pom.xml test -Pbench). Writes "
                        + "target/bench/bench.json, bench.md and bench.svg. Needs wrk and pgbench (installed with "
                        + "apt-get when run as root), and an unprivileged user for PostgreSQL."})
public final class BenchCommand implements Callable<Integer> {

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
    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "A JVM option for the working tree's "
            + "service (repeatable), added after the defaults; with --compare, B only: --compare HEAD "
            + "--jvm-option=-XX:TieredStopAtLevel=1 measures C1 alone against the image's tiered JIT on the same code.")
    List<String> jvmOptions = new ArrayList<>();
    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable for the "
            + "working tree's service under load (repeatable), e.g. -e POSTGRES_POOL_MAX_SIZE=8; with --compare, B "
            + "only.")
    Map<String, String> serviceEnvironment = new LinkedHashMap<>();
    @Option(names = "--jfr", description = "Records a JFR profile of the service under load into "
            + "target/bench/service.jfr.")
    boolean jfr;
    @Option(names = "--no-package", description = "Use target/quarkus-app as it is, without ./mvnw package.")
    boolean noPackage;
    @Option(names = "--no-default-jvm-options", description = "Launch the service without the default JVM options "
            + "(for a before/after comparison).")
    boolean noDefaultJvmOptions;

    @Option(names = "--tracing", description = "Measures the service a second time with tracing on (OTLP to a local "
            + "sink): startup, RSS and throughput of both in one table.")
    boolean tracing;

    @Option(names = "--compare", paramLabel = "REF", description = "A/B: builds REF (a commit, branch or tag) in a "
            + "git worktree under target/bench and measures it (A) and the working tree (B) in turns, A B B A for each "
            + "request, each on its own database seeded alike; reports both sides' runs and the ratios B/A.")
    String compare;

    @Override
    public Integer call() {
        if (!List.of("aot", "jdk25", "jvm").contains(serviceJvm)) {
            throw new ManageException("--service-jvm must be aot, jdk25 or jvm", ManageException.USAGE);
        }
        if (compare != null && tracing) {
            throw new ManageException("--compare and --tracing: one comparison per run", ManageException.USAGE);
        }
        int exit = context.processes().runInteractive(mavenCommand(), context.processEnvironment(),
                context.projectDir());
        if (exit != 0) {
            throw new ManageException("the bench failed (Maven exit " + exit + ", see above; logs in target/bench)");
        }
        return 0;
    }

    /** The bench's tests through Maven, each option a system property (bench.NAME) that BenchOptions reads. */
    List<String> mavenCommand() {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-f", "scripts/manage-cli/pom.xml", "-B", "-q",
                "-ntp", "test", "-Pbench", "-D" + Manage.PROJECT_DIR_PROPERTY + "=" + context.projectDir(),
                "-Dbench.quick=" + quick, "-Dbench.service-jvm=" + serviceJvm, "-Dbench.jfr=" + jfr,
                "-Dbench.no-package=" + noPackage, "-Dbench.no-default-jvm-options=" + noDefaultJvmOptions,
                "-Dbench.tracing=" + tracing));
        if (duration != null) {
            command.add("-Dbench.duration=" + duration);
        }
        if (launches != null) {
            command.add("-Dbench.launches=" + launches);
            if (launches == 0) {
                // all but startupSeries
                command.add("-Dtest=BenchTest#serviceUnderLoad+tracingCost+roundTrips+postgresAlone+report");
            }
        }
        if (compare != null) {
            command.add("-Dbench.compare=" + compare);
        }
        if (jdk25 != null) {
            command.add("-Dbench.jdk25=" + jdk25.toAbsolutePath());
        }
        for (int i = 0; i < jvmOptions.size(); i++) {
            command.add("-Dbench.jvm-option." + i + "=" + jvmOptions.get(i));
        }
        serviceEnvironment.forEach((name, value) -> command.add("-Dbench.env." + name + "=" + value));
        return command;
    }
}
