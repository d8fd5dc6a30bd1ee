package org.acme.manage.faults;

import java.io.IOException;
import java.io.InputStream;
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

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "faults", mixinStandardHelpOptions = true,
        description = {"Runs the fault suite: the packaged service (prod profile) as a real process against a "
                + "throwaway PostgreSQL that the suite starts, stops and breaks. Each scenario prints its figures "
                + "and PASS or FAIL; the suite ends with 'N passed, M failed' and exits non-zero on any failure.",
                "The scenarios are JUnit tests of scripts/manage-cli (tag 'faults'), run with ./mvnw test -Pfaults. "
                        + "Writes target/faults/faults.json and one log per service launch in target/faults/."})
public final class FaultsCommand implements Callable<Integer> {

    static final Path REPORT = Path.of("target", "faults", "faults.json");

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
    public Integer call() throws IOException {
        if (list) {
            scenarios().forEach((name, summary) -> context.out().printf("%-18s %s%n", name, summary));
            return 0;
        }
        Path report = context.projectDir().resolve(REPORT);
        Files.deleteIfExists(report);
        int exitCode = context.processes().runInteractive(mavenCommand(context.projectDir(), names, noPackage,
                serviceEnvironment), context.processEnvironment(), context.projectDir());
        if (!Files.exists(report)) {
            throw new ManageException("the fault suite did not run (Maven exit code " + exitCode + ", see above)");
        }
        List<JsonNode> verdicts = new ArrayList<>();
        new ObjectMapper().readTree(report.toFile()).forEach(verdicts::add);
        context.out().println();
        verdicts.stream().filter(verdict -> !verdict.get("passed").asBoolean()).forEach(verdict -> context.out()
                .println("failed: " + verdict.get("scenario").asText() + ": " + String.join("; ",
                        new ObjectMapper().convertValue(verdict.get("failures"), String[].class))));
        long failed = verdicts.stream().filter(verdict -> !verdict.get("passed").asBoolean()).count();
        context.out().println((verdicts.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 && exitCode == 0 ? 0 : 1;
    }

    /** The Maven run of the scenarios' JUnit tests; a name that is no scenario is a usage error. */
    static List<String> mavenCommand(Path projectDir, List<String> names, boolean noPackage,
            Map<String, String> serviceEnvironment) {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-f", "scripts/manage-cli/pom.xml", "-B", "-q",
                "test", "-Pfaults", "-D" + Manage.PROJECT_DIR_PROPERTY + "=" + projectDir));
        for (String name : names) {
            if (!scenarios().containsKey(name)) {
                throw new ManageException("no scenario '" + name + "'; the scenarios are: "
                        + String.join(", ", scenarios().keySet()), ManageException.USAGE);
            }
        }
        if (!names.isEmpty()) {
            command.add("-Dtest=" + names.stream().map(FaultsCommand::testClass).collect(Collectors.joining(",")));
        }
        command.add("-D" + "faults.no-package=" + noPackage);
        serviceEnvironment.forEach((name, value) -> command.add("-Dfaults.env." + name + "=" + value));
        return command;
    }

    /** Each scenario's name and one line on what it does and requires (faults/scenarios.json), in running order. */
    static Map<String, String> scenarios() {
        try (InputStream json = FaultsCommand.class.getResourceAsStream("/faults/scenarios.json")) {
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
