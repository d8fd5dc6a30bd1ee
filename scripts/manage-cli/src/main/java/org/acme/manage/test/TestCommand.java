package org.acme.manage.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs the service's tests (./mvnw verify, which starts its own throwaway database) in the "
                + "testing environment, then prints the coverage summary.",
                "Exits with the tests' exit code."},
        footer = {"", "Examples:", "  scripts/manage test", "  scripts/manage test UserResourceTest",
                "  scripts/manage test -k duplicate", "  scripts/manage test -- -DskipITs=false"})
public final class TestCommand implements Callable<Integer> {

    public static final Path JACOCO_XML = Path.of("target", "jacoco-report", "jacoco.xml");
    public static final Path JACOCO_HTML = Path.of("target", "jacoco-report", "index.html");

    private final Context context;

    public TestCommand(Context context) {
        this.context = context;
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "-k", paramLabel = "PATTERN",
            description = "Only tests whose class or method name contains PATTERN (case-sensitive; * allowed).")
    private String keyword;

    @Parameters(paramLabel = "TESTS", description = "Test classes to run, e.g. UserResourceTest or "
            + "UserResourceTest#createsUser; then, after --, extra arguments for Maven.")
    private List<String> positional = new ArrayList<>();

    @Override
    public Integer call() {
        int mavenArgCount = argumentsAfterDoubleDash();
        List<String> tests = positional.subList(0, positional.size() - mavenArgCount);
        List<String> mavenArgs = positional.subList(positional.size() - mavenArgCount, positional.size());
        TestSelection selection = new TestSelection(tests, keyword);
        Environment environment = context.environment("testing");

        List<String> command = mavenCommand(selection, mavenArgs);
        Map<String, String> env = environment.childEnvironment();
        Instant started = Instant.now();
        int exitCode = context.processes().runInteractive(command, env, context.projectDir());
        printCoverage(context, started);
        context.out().println(exitCode == 0 ? "Tests passed." : "Tests failed (exit code " + exitCode + ").");
        return exitCode;
    }

    public static List<String> mavenCommand(TestSelection selection, List<String> mavenArgs) {
        List<String> command = new ArrayList<>(List.of("./mvnw", "verify"));
        command.addAll(selection.mavenArguments());
        command.addAll(mavenArgs);
        return command;
    }

    /** picocli puts the words after -- among the positional parameters; count them from the original arguments. */
    private int argumentsAfterDoubleDash() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int commandIndex = original.indexOf(spec.name());
        int doubleDash = original.subList(commandIndex + 1, original.size()).indexOf("--");
        if (doubleDash < 0) {
            return 0;
        }
        return original.size() - (commandIndex + 1 + doubleDash) - 1;
    }

    static void printCoverage(Context context, Instant since) {
        Path xml = context.projectDir().resolve(JACOCO_XML);
        try {
            if (!Files.exists(xml) || Files.getLastModifiedTime(xml).compareTo(FileTime.from(since)) < 0) {
                context.out().println("Coverage: no report from this run (" + JACOCO_XML + " was not written)");
                return;
            }
        } catch (java.io.IOException e) {
            throw new ManageException("cannot read " + xml + ": " + e.getMessage(), e);
        }
        CoverageSummary coverage = CoverageSummary.read(xml);
        context.out().println("Coverage: lines " + coverage.lines().describe() + ", branches "
                + coverage.branches().describe());
        context.out().println("Coverage report: " + context.projectDir().resolve(JACOCO_HTML));
    }
}
