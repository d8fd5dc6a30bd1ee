package org.acme.manage.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.harness.PackagedService;
import org.acme.manage.harness.ThrowawayPostgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "faults", mixinStandardHelpOptions = true,
        description = {"Runs the fault suite: the packaged service (prod profile) as a real process against a "
                + "throwaway PostgreSQL that the suite starts, stops and breaks. Each scenario prints its figures "
                + "and PASS or FAIL; the suite ends with 'N passed, M failed' and exits non-zero on any failure.",
                "Writes target/faults/faults.json and one log per service launch in target/faults/."})
public final class FaultsCommand implements Callable<Integer> {

    static final List<FaultScenario> SCENARIOS = List.of(new OutageAndRecovery(), new Races(),
            new ExhaustedPool(), new FailedMigration(), new GracefulShutdown(), new HostileInput(),
            new ConfigAbuse(), new TerminatedBackends(), new ReadOnlyDatabase(), new FastRestart(),
            new TooManyConnections(), new NetworkSilence(), new SlowClients(), new LargeBodies());

    private final Context context;

    public FaultsCommand(Context context) {
        this.context = context;
    }

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "Scenarios to run (default: all; see "
            + "--list).")
    List<String> names = new ArrayList<>();

    @Option(names = "--list", description = "Lists the scenarios and exits.")
    boolean list;

    @Option(names = "--no-package", description = "Use target/quarkus-app as it is, without ./mvnw package.")
    boolean noPackage;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "An environment variable for every "
            + "launch of the service (repeatable): to watch a scenario fail against a deliberately broken setting, "
            + "e.g. -e QUARKUS_SHUTDOWN_TIMEOUT=0S.")
    Map<String, String> serviceEnvironment = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (list) {
            SCENARIOS.forEach(scenario -> context.out().printf("%-18s %s%n", scenario.name(), scenario.summary()));
            return 0;
        }
        List<FaultScenario> selected = select(names);
        ThrowawayPostgres.refuseRoot();
        Path out = context.projectDir().resolve("target/faults");
        Files.createDirectories(out);
        Path jar = PackagedService.prepare(context, noPackage, out.resolve("quarkus-app"));

        List<Verdict> verdicts = new ArrayList<>();
        // log_connections: the config abuse scenario proves that a refused configuration never reached the database
        try (ThrowawayPostgres server = ThrowawayPostgres.start(context.processEnvironment(), context.out(),
                List.of("log_connections = on"))) {
            context.out().println("Throwaway PostgreSQL on " + server.host() + ":" + server.port() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores shared by the suite, the service and "
                    + "PostgreSQL");
            FaultRun run = new FaultRun(context, server, jar, out, serviceEnvironment);
            for (FaultScenario scenario : selected) {
                context.out().println();
                context.out().println("== " + scenario.name() + ": " + scenario.summary());
                Verdict verdict = new Verdict(scenario.name(), context.out());
                try {
                    scenario.run(run, verdict);
                } catch (Exception e) {
                    verdict.broken(e);
                }
                context.out().println((verdict.passed() ? "PASS " : "FAIL ") + scenario.name());
                verdicts.add(verdict);
                context.out().flush();
            }
        }
        long passed = verdicts.stream().filter(Verdict::passed).count();
        long failed = verdicts.size() - passed;
        writeReport(out.resolve("faults.json"), verdicts);
        context.out().println();
        verdicts.stream().filter(verdict -> !verdict.passed()).forEach(verdict -> context.out().println(
                "failed: " + verdict.scenario() + ": " + String.join("; ", verdict.failures())));
        context.out().println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    static List<FaultScenario> select(List<String> names) {
        if (names.isEmpty()) {
            return SCENARIOS;
        }
        List<FaultScenario> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(SCENARIOS.stream().filter(scenario -> scenario.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ManageException("no scenario '" + name + "'; the scenarios are: "
                            + String.join(", ", SCENARIOS.stream().map(FaultScenario::name).toList()),
                            ManageException.USAGE)));
        }
        return selected;
    }

    private static void writeReport(Path file, List<Verdict> verdicts) throws java.io.IOException {
        List<Map<String, Object>> report = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("scenario", verdict.scenario());
            entry.put("passed", verdict.passed());
            entry.put("figures", verdict.figures());
            entry.put("failures", verdict.failures());
            report.add(entry);
        }
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report) + "\n");
    }
}
