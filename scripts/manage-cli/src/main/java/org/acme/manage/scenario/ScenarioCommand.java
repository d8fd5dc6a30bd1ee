package org.acme.manage.scenario;

import java.util.ArrayList;
import java.util.List;

import org.acme.manage.Context;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = {"Named datasets (scenarios/NAME.sql, the service's test resources) on a throwaway database.",
                "up starts an embedded PostgreSQL on a free port (data in .data/scenario), applies the migrations, "
                        + "loads the scenario and starts the service in dev mode against it, in the background; "
                        + "down stops all of it and deletes .data/scenario. Tests load the same files with "
                        + "@Scenario(\"NAME\")."})
public final class ScenarioCommand {

    private final Context context;

    public ScenarioCommand(Context context) {
        this.context = context;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the scenarios.")
    int list() {
        Scenarios scenarios = new Scenarios();
        scenarios.all().forEach(scenario -> context.out().printf("%-16s %s%n", scenario.name(),
                scenario.description()));
        return 0;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Throwaway database + migrations + scenario NAME, then the service in dev mode "
                    + "(./mvnw quarkus:dev, log in .data/scenario/service.log) until scenario down."},
            footer = {"", "Examples:", "  scripts/manage scenario up two-users",
                    "  scripts/manage scenario up many-users -- -Dquarkus.http.port=8081"})
    int up(@Parameters(index = "0", paramLabel = "NAME", description = "The scenario (see scenario list).") String name,
            @Option(names = "--db-only", description = "Only the database: do not start the service.") boolean dbOnly,
            @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                    description = "How long to wait for the service to listen (default: ${DEFAULT-VALUE}).")
            int timeoutSeconds,
            @Parameters(index = "1..*", paramLabel = "MAVEN_ARGS", description = "Extra arguments for Maven, after --.")
            List<String> mavenArgs) {
        new ScenarioSession(context).up(name, !dbOnly, timeoutSeconds,
                mavenArgs == null ? new ArrayList<>() : mavenArgs);
        return 0;
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops the service and the database of scenario up, and deletes .data/scenario.")
    int down() {
        new ScenarioSession(context).down();
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Says what scenario up left running.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:a scenario is up", "3:none is up"})
    int status() {
        return new ScenarioSession(context).status();
    }
}
