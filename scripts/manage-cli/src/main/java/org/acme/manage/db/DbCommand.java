package org.acme.manage.db;

import org.acme.manage.Context;
import org.acme.manage.environment.Environment;
import org.acme.manage.schema.AutoMigration;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "db", mixinStandardHelpOptions = true,
        description = {"The environment's persistent database and its migrations.",
                "The database runs in a container when a container engine answers (docker info), else as an "
                        + "embedded PostgreSQL with its data in .data/<env>/postgres (MANAGE_DATABASE=embedded|container "
                        + "forces one)."})
public final class DbCommand {

    private final Context context;

    public DbCommand(Context context) {
        this.context = context;
    }

    @Spec
    private CommandSpec spec;

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Starts the database unless it runs already.")
    int up() {
        Environment environment = context.environment();
        DevDatabases.refuseProduction(environment, "start");
        DevDatabases.forEnvironment(context, environment).up();
        return 0;
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stops the database; its data stays.")
    int down() {
        Environment environment = context.environment();
        DevDatabases.refuseProduction(environment, "stop");
        DevDatabases.forEnvironment(context, environment).down();
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Says which kind of database runs, where, and whether it accepts the configured login.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:running and reachable", "1:running but not reachable", "3:not running"})
    int status() {
        return DevDatabases.forEnvironment(context, context.environment()).status();
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = {"Creates the next Flyway migration V<next>__<slug>.sql in src/main/resources/db/migration.",
                    "With -m, writes the DDL that makes the schema of the existing migrations match the entities "
                            + "(compiled with ./mvnw, compared by Hibernate in a throwaway PostgreSQL); refuses when "
                            + "nothing changed. With a MESSAGE only (or --empty), writes an empty file to fill in."},
            footer = {"", "Examples:", "  scripts/manage db new -m \"add name to users\"   # generated from the entities",
                    "  scripts/manage db new \"backfill names\"          # empty, you write the SQL"})
    int newMigration(
            @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE",
                    description = "Generate the migration from the entities; MESSAGE names it.") String generate,
            @Option(names = "--empty", description = "Write an empty migration, even with -m.") boolean empty,
            @Parameters(paramLabel = "MESSAGE", arity = "0..*",
                    description = "What the migration does, e.g. \"add users name\" (an empty migration).")
            String[] message) {
        String words = message == null ? "" : String.join(" ", message);
        if (generate != null && !words.isBlank()) {
            throw new CommandLine.ParameterException(spec.subcommands().get("new"),
                    "give the message once: either -m MESSAGE (generated) or MESSAGE (empty)");
        }
        if (generate == null && words.isBlank()) {
            throw new CommandLine.ParameterException(spec.subcommands().get("new"),
                    "Missing required parameter: 'MESSAGE' (db new -m MESSAGE generates it, db new MESSAGE is empty)");
        }
        if (generate != null && !empty) {
            new AutoMigration(context).create(generate);
        } else {
            new Migrations(context).create(generate != null ? generate : words);
        }
        return 0;
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Applies pending migrations to the environment's APPLICATION_DB.")
    int migrate() {
        return new Migrations(context).migrate(context.environment());
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Lists the applied and pending migrations of the environment's APPLICATION_DB.")
    int info() {
        return new Migrations(context).info(context.environment());
    }
}
