package org.acme.manage;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.acme.manage.bench.BenchCommand;
import org.acme.manage.compose.ComposeCommand;
import org.acme.manage.db.CreateInitialDbCommand;
import org.acme.manage.db.DbCommand;
import org.acme.manage.dev.DevCommand;
import org.acme.manage.faults.FaultsCommand;
import org.acme.manage.generate.NewCommand;
import org.acme.manage.psql.PsqlCommand;
import org.acme.manage.scenario.ScenarioCommand;
import org.acme.manage.test.TestCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "manage", mixinStandardHelpOptions = true, version = "scripts/manage 1.0",
        description = {"Manages the users service for one environment, chosen by APPLICATION_CONFIG "
                + "(development by default, testing, production).",
                "Every command sees config/<env>.json with the real environment variables taking precedence, as the "
                        + "service does."},
        subcommands = {DevCommand.class, TestCommand.class, DbCommand.class, CreateInitialDbCommand.class,
                PsqlCommand.class, ComposeCommand.class, ScenarioCommand.class, BenchCommand.class,
                FaultsCommand.class, NewCommand.class},
        footer = {"", "Run 'scripts/manage COMMAND --help' for a command's options."})
public final class Manage {

    /** Where the launcher says the project is. */
    public static final String PROJECT_DIR_PROPERTY = "manage.project.dir";

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Path projectDir = Path.of(System.getProperty(PROJECT_DIR_PROPERTY, "."));
        int exitCode = run(new Context(projectDir, System.getenv(), out, err), args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /** Parses and runs one command line; returns the exit code. */
    public static int run(Context context, String... args) {
        return commandLine(context).execute(args);
    }

    public static CommandLine commandLine(Context context) {
        CommandLine commandLine = new CommandLine(Manage.class, commandsWith(context))
                .setOut(context.out())
                .setErr(context.err())
                // compose passes everything after its first argument on to docker compose, options included
                .setExecutionExceptionHandler((exception, cmd, parseResult) -> {
                    if (exception instanceof ManageException manageException) {
                        cmd.getErr().println("manage: " + manageException.getMessage());
                        return manageException.exitCode();
                    }
                    throw exception;
                });
        commandLine.getSubcommands().get("compose").setStopAtPositional(true)
                .setUnmatchedOptionsArePositionalParams(true);
        return commandLine;
    }

    /** Builds each command, handing the context to those whose constructor takes it: no command reaches back up. */
    private static CommandLine.IFactory commandsWith(Context context) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> command) throws Exception {
                try {
                    return command.getConstructor(Context.class).newInstance(context);
                } catch (NoSuchMethodException noContextNeeded) {
                    return CommandLine.defaultFactory().create(command);
                }
            }
        };
    }
}
