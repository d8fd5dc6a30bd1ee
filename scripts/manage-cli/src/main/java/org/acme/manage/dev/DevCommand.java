package org.acme.manage.dev;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.acme.manage.Context;
import org.acme.manage.Manage;
import org.acme.manage.ManageException;
import org.acme.manage.db.DevDatabase;
import org.acme.manage.db.DevDatabases;
import org.acme.manage.db.InitialDatabase;
import org.acme.manage.environment.Environment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Runs the service in dev mode (live reload, continuous testing) on its persistent database.",
                "Does db up if needed and create-initial-db, then ./mvnw quarkus:dev. Ctrl-C stops the dev loop; "
                        + "the database keeps running."},
        footer = {"", "Example:", "  scripts/manage dev -- -Dquarkus.http.port=8081"})
public final class DevCommand implements Callable<Integer> {

    @ParentCommand
    private Manage manage;

    @Parameters(paramLabel = "MAVEN_ARGS", description = "Extra arguments for Maven, after --.")
    private List<String> mavenArgs = new ArrayList<>();

    static final String PORT_VARIABLE = "QUARKUS_HTTP_PORT";
    static final String DEFAULT_PORT = "8080";
    private static final String PORT_PROPERTY = "-Dquarkus.http.port=";

    @Override
    public Integer call() {
        Context context = manage.context();
        Environment environment = context.environment();
        if (environment.isProduction()) {
            throw new ManageException("dev runs the development loop; it does not run with APPLICATION_CONFIG=production",
                    ManageException.USAGE);
        }
        DevDatabase database = DevDatabases.forEnvironment(context, environment);
        database.up();
        InitialDatabase.create(context, environment);
        List<String> command = new ArrayList<>(List.of("./mvnw", "quarkus:dev"));
        command.addAll(mavenArgs);
        context.out().println("Starting the service in dev mode (" + environment.name() + " environment); stop it "
                + "with Ctrl-C");
        context.out().println(devUiLine(environment.get(PORT_VARIABLE, DEFAULT_PORT), mavenArgs));
        int exitCode = context.processes().runInteractive(command, environment.childEnvironment(), context.projectDir());
        // Maven answers Ctrl-C (SIGINT) with 130 and SIGTERM with 143: the usual way to end the loop, not a failure.
        boolean stoppedBySignal = exitCode == 130 || exitCode == 143;
        context.out().println();
        context.out().println((stoppedBySignal ? "The dev loop has stopped." : "The dev loop has ended (exit code "
                + exitCode + ").") + " The database keeps running: " + database.describe()
                + ". Stop it with: scripts/manage db down");
        return stoppedBySignal ? 0 : exitCode;
    }

    /**
     * Where Swagger UI and the Dev UI will be: the port is the environment's QUARKUS_HTTP_PORT (8080 when unset),
     * or a {@code -Dquarkus.http.port} given after --; port 0 (a free port) is known only once Quarkus prints it.
     */
    static String devUiLine(String configuredPort, List<String> mavenArgs) {
        String port = configuredPort;
        for (String arg : mavenArgs) {
            if (arg.startsWith(PORT_PROPERTY)) {
                port = arg.substring(PORT_PROPERTY.length());
            }
        }
        if ("0".equals(port)) {
            return "Swagger UI: /q/swagger-ui, Dev UI: /q/dev-ui (on the port that Quarkus prints as it starts)";
        }
        String base = "http://localhost:" + port;
        return "Swagger UI: " + base + "/q/swagger-ui  Dev UI: " + base + "/q/dev-ui  OpenAPI: " + base + "/q/openapi";
    }
}
