package org.acme.manage.dev;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BinaryOperator;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.db.DevDatabase;
import org.acme.manage.db.DevDatabases;
import org.acme.manage.db.InitialDatabase;
import org.acme.manage.environment.Environment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Runs the service in dev mode (live reload, continuous testing) on its persistent database.",
                "Does db up if needed and create-initial-db, then ./mvnw quarkus:dev. Ctrl-C stops the dev loop; "
                        + "the database keeps running."},
        footer = {"", "Example:", "  scripts/manage dev -- -Dquarkus.http.port=8081"})
public final class DevCommand implements Callable<Integer> {

    private final Context context;

    public DevCommand(Context context) {
        this.context = context;
    }

    @Parameters(paramLabel = "MAVEN_ARGS", description = "Extra arguments for Maven, after --.")
    private List<String> mavenArgs = new ArrayList<>();

    @Override
    public Integer call() {
        Environment environment = context.environment();
        if (environment.isProduction()) {
            throw new ManageException("dev runs the development loop; it does not run with APPLICATION_CONFIG=production",
                    ManageException.USAGE);
        }
        DevDatabase database = DevDatabases.forEnvironment(context, environment);
        database.up();
        InitialDatabase.create(context, environment);
        // The database is up: dev mode's own (Compose Dev Services) would start a second one on the same port.
        List<String> command = new ArrayList<>(List.of("./mvnw", "quarkus:dev",
                "-Dquarkus.compose.devservices.enabled=false"));
        command.addAll(mavenArgs);
        context.out().println("Starting the service in dev mode (" + environment.name() + " environment); stop it "
                + "with Ctrl-C");
        context.out().println(devUiLine(environment::get, mavenArgs));
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
     * Where the Dev UI (on the HTTP port) and Swagger UI with the OpenAPI document (on the management port) will be:
     * each port is the environment's setting (QUARKUS_HTTP_PORT, QUARKUS_MANAGEMENT_PORT), or a {@code -D} property given after --; port 0 (a free port) is known
     * only once Quarkus prints it.
     */
    static String devUiLine(BinaryOperator<String> settings, List<String> mavenArgs) {
        String http = port(settings, "http", "8080", mavenArgs);
        String management = port(settings, "management", "9000", mavenArgs);
        return "Dev UI: " + url(http, "/q/dev-ui") + "  Swagger UI: " + url(management, "/q/swagger-ui")
                + "  OpenAPI: " + url(management, "/q/openapi");
    }

    private static String port(BinaryOperator<String> settings, String server, String defaultPort, List<String> mavenArgs) {
        String property = "-Dquarkus." + server + ".port=";
        String port = settings.apply("QUARKUS_" + server.toUpperCase(Locale.ROOT) + "_PORT", defaultPort);
        for (String arg : mavenArgs) {
            if (arg.startsWith(property)) {
                port = arg.substring(property.length());
            }
        }
        return port;
    }

    private static String url(String port, String path) {
        return "0".equals(port) ? path + " (on the port Quarkus prints)" : "http://localhost:" + port + path;
    }
}
