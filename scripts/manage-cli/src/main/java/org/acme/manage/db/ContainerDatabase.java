package org.acme.manage.db;

import java.time.Duration;
import java.util.List;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.compose.Compose;
import org.acme.manage.environment.Environment;
import org.acme.manage.process.Processes;

/** The {@code db} service of {@code docker/<env>.yml}, its data in a named volume. */
public final class ContainerDatabase implements DevDatabase {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Context context;
    private final Environment environment;
    private final Compose compose;
    private final DatabaseTarget target;

    public ContainerDatabase(Context context, Environment environment) {
        this.context = context;
        this.environment = environment;
        this.compose = new Compose(context, environment);
        this.target = DatabaseTarget.of(environment);
    }

    @Override
    public boolean isContainer() {
        return true;
    }

    @Override
    public String describe() {
        return "container db of " + context.projectDir().relativize(Compose.composeFile(environment))
                + " (project " + environment.name() + ") on port " + target.port();
    }

    @Override
    public void up() {
        if (isRunning()) {
            context.out().println("The " + environment.name() + " database is already running: " + describe());
            return;
        }
        context.out().println("Starting the " + environment.name() + " database: " + describe());
        Compose.Flavor flavor = compose.requireFlavor();
        List<String> args = flavor == Compose.Flavor.PLUGIN ? List.of("up", "-d", "--wait", "db") : List.of("up", "-d", "db");
        if (compose.run(args) != 0) {
            throw new ManageException("docker compose could not start the db service");
        }
        // The standalone docker-compose has no --wait: ask the server itself, within a bound.
        Processes.Output ready = context.processes().runShown(Compose.commandLine(flavor, environment,
                List.of("exec", "-T", "db", "sh", "-c", "for i in $(seq " + READY_TIMEOUT.toSeconds()
                        + "); do pg_isready -q -U \"$POSTGRES_USER\" && exit 0; sleep 1; done; exit 1")),
                environment.childEnvironment(), context.projectDir(), READY_TIMEOUT.plusSeconds(30));
        if (!ready.succeeded()) {
            throw new ManageException("the db container did not accept connections within " + READY_TIMEOUT.toSeconds()
                    + " s; see: scripts/manage compose logs db");
        }
        context.out().println("The " + environment.name() + " database is up: " + describe()
                + ". It keeps running until: scripts/manage db down");
    }

    @Override
    public void down() {
        if (compose.run(List.of("stop", "db")) != 0) {
            throw new ManageException("docker compose could not stop the db service");
        }
        context.out().println("The " + environment.name() + " database is stopped; its data stays in its volume");
    }

    @Override
    public int status() {
        if (!isRunning()) {
            context.out().println(environment.name() + " database: container, not running. Start it with: "
                    + "scripts/manage db up");
            return 3;
        }
        context.out().println(environment.name() + " database: " + describe());
        return DatabaseProbe.report(context, target);
    }

    /** {@code ps -q} lists the stopped container too: ask the engine whether it runs. */
    private boolean isRunning() {
        Processes.Output ps = compose.capture(List.of("ps", "-q", "db"));
        if (!ps.succeeded() || ps.text().isBlank()) {
            return false;
        }
        Processes.Output state = context.processes().capture(List.of("docker", "inspect", "-f", "{{.State.Running}}",
                ps.text().strip()), context.processEnvironment(), context.projectDir(), Duration.ofSeconds(20));
        return state.succeeded() && state.text().strip().equals("true");
    }
}
