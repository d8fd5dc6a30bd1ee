package org.acme.manage.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.acme.manage.Context;
import org.acme.manage.Manage;
import org.acme.manage.ManageException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "faults", mixinStandardHelpOptions = true, description = {"Runs the fault suite: the packaged service "
        + "(prod profile) as a real process against a throwaway PostgreSQL that the suite starts, stops and breaks. "
        + "Each scenario prints its figures and PASS or FAIL; the suite ends with 'N passed, M failed' and exits "
        + "non-zero on any failure.", "The scenarios are JUnit tests of scripts/manage-cli (./mvnw test -Pfaults). "
        + "Writes target/faults/faults.json and one log per service launch in target/faults/."})
public final class FaultsCommand implements Callable<Integer> {

    private final Context context;

    public FaultsCommand(Context context) {
        this.context = context;
    }

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "Scenarios to run (default: all; see --list).")
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
    public Integer call() throws IOException {
        if (list) {
            scenarios().forEach((name, summary) -> context.out().printf("%-18s %s%n", name, summary));
            return 0;
        }
        List<String> command = mavenCommand(context.projectDir(), names, noPackage, serviceEnvironment);
        Path report = context.projectDir().resolve("target/faults/faults.json");
        Files.deleteIfExists(report);
        int exitCode = context.processes().runInteractive(command, context.processEnvironment(), context.projectDir());
        if (!Files.exists(report)) {
            throw new ManageException("the fault suite did not run (Maven exit code " + exitCode + ", see above)");
        }
        List<Verdict> verdicts = List.of(new ObjectMapper().readValue(report.toFile(), Verdict[].class));
        List<Verdict> failed = verdicts.stream().filter(verdict -> !verdict.passed()).toList();
        context.out().println();
        failed.forEach(verdict -> context.out().println("failed: " + verdict.scenario() + ": "
                + String.join("; ", verdict.failures())));
        context.out().println((verdicts.size() - failed.size()) + " passed, " + failed.size() + " failed");
        return failed.isEmpty() && exitCode == 0 ? 0 : 1;
    }

    /** A scenario's entry in target/faults/faults.json, which the suite's JUnit extension (FaultSuite) writes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Verdict(String scenario, boolean passed, List<String> failures) {
    }

    /** The Maven run of the chosen scenarios' JUnit tests (all when none is named). */
    static List<String> mavenCommand(Path projectDir, List<String> names, boolean noPackage, Map<String, String> env) {
        names.stream().filter(name -> !scenarios().containsKey(name)).findFirst().ifPresent(name -> {
            throw new ManageException("no scenario '" + name + "'; the scenarios are: "
                    + String.join(", ", scenarios().keySet()), ManageException.USAGE);
        });
        List<String> command = new ArrayList<>(List.of("./mvnw", "-f", "scripts/manage-cli/pom.xml", "-B", "-q", "test",
                "-Pfaults", "-D" + Manage.PROJECT_DIR_PROPERTY + "=" + projectDir, "-Dfaults.no-package=" + noPackage));
        if (!names.isEmpty()) {
            command.add("-Dtest=" + names.stream().map(FaultsCommand::testClass).collect(Collectors.joining(",")));
        }
        env.forEach((name, value) -> command.add("-Dfaults.env." + name + "=" + value));
        return command;
    }

    /** Each scenario's name and one line on what it does and requires (faults/scenarios.json), as --list shows. */
    static Map<String, String> scenarios() {
        try (var json = FaultsCommand.class.getResourceAsStream("/faults/scenarios.json")) {
            return new ObjectMapper().readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new ManageException("cannot read faults/scenarios.json: " + e.getMessage(), e);
        }
    }

    /** The JUnit class of a scenario: exhausted-pool is ExhaustedPoolTest. */
    static String testClass(String name) {
        return Arrays.stream(name.split("-")).map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .collect(Collectors.joining()) + "Test";
    }
}
