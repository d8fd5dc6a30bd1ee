package org.acme.manage.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;
import org.acme.manage.process.Processes;

/** Docker Compose for one environment: project {@code <env>}, file {@code docker/<env>.yml}. */
public final class Compose {

    /** The two ways Compose is installed: the docker CLI plugin, or the standalone docker-compose program. */
    public enum Flavor {
        PLUGIN(List.of("docker", "compose")),
        STANDALONE(List.of("docker-compose"));

        private final List<String> program;

        Flavor(List<String> program) {
            this.program = program;
        }

        public List<String> program() {
            return program;
        }
    }

    private final Context context;
    private final Environment environment;

    public Compose(Context context, Environment environment) {
        this.context = context;
        this.environment = environment;
    }

    public static Path composeFile(Environment environment) {
        return environment.projectDir().resolve("docker").resolve(environment.name() + ".yml");
    }

    /** The command line for {@code args}: separate project names let dev and test run side by side. */
    public static List<String> commandLine(Flavor flavor, Environment environment, List<String> args) {
        List<String> command = new ArrayList<>(flavor.program());
        command.addAll(List.of("-p", environment.name(), "-f", composeFile(environment).toString()));
        command.addAll(args);
        return command;
    }

    /** Which Compose is installed, if any. */
    public Optional<Flavor> flavor() {
        if (Processes.onPath("docker", context.processEnvironment()).isPresent()
                && context.processes().capture(List.of("docker", "compose", "version"), context.processEnvironment(),
                        context.projectDir(), Duration.ofSeconds(20)).succeeded()) {
            return Optional.of(Flavor.PLUGIN);
        }
        return Processes.onPath("docker-compose", context.processEnvironment()).map(path -> Flavor.STANDALONE);
    }

    public Flavor requireFlavor() {
        return flavor().orElseThrow(() -> new ManageException("Docker Compose is not installed (neither `docker "
                + "compose` nor `docker-compose` works). Install Docker with Compose, or work without containers: "
                + "scripts/manage db up starts an embedded PostgreSQL."));
    }

    /** Whether a container engine answers ({@code docker info} succeeds). */
    public static boolean engineRunning(Context context) {
        return Processes.onPath("docker", context.processEnvironment()).isPresent()
                && context.processes().capture(List.of("docker", "info"), context.processEnvironment(),
                        context.projectDir(), Duration.ofSeconds(20)).succeeded();
    }

    public List<String> commandLine(List<String> args) {
        Path file = composeFile(environment);
        if (!Files.exists(file)) {
            throw new ManageException("there is no compose file for the " + environment.name() + " environment ("
                    + file + ")");
        }
        return commandLine(requireFlavor(), environment, args);
    }

    /** Runs Compose attached to the terminal with the environment's variables. */
    public int run(List<String> args) {
        int exitCode = context.processes().runInteractive(commandLine(args), environment.childEnvironment(),
                context.projectDir());
        if (exitCode != 0 && !engineRunning(context)) {
            context.err().println("manage: no container engine answers (docker info fails): commands that need "
                    + "containers cannot work here. Without Docker, use scripts/manage db up for the database.");
        }
        return exitCode;
    }

    public Processes.Output capture(List<String> args) {
        return context.processes().capture(commandLine(args), environment.childEnvironment(), context.projectDir(),
                Duration.ofMinutes(5));
    }
}
