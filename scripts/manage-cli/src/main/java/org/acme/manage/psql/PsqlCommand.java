package org.acme.manage.psql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.compose.Compose;
import org.acme.manage.db.DatabaseName;
import org.acme.manage.db.DatabaseTarget;
import org.acme.manage.db.DevDatabase;
import org.acme.manage.db.DevDatabases;
import org.acme.manage.environment.Environment;
import org.acme.manage.process.Processes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "psql", mixinStandardHelpOptions = true,
        description = {"Opens psql on the environment's APPLICATION_DB: inside the db container when the database "
                + "runs there, else with the local psql."},
        footer = {"", "Example:", "  scripts/manage psql -- -c 'select * from users'"})
public final class PsqlCommand implements Callable<Integer> {

    private final Context context;

    public PsqlCommand(Context context) {
        this.context = context;
    }

    @Parameters(paramLabel = "PSQL_ARGS", description = "Extra arguments for psql, after --.")
    private List<String> psqlArgs = new ArrayList<>();

    @Override
    public Integer call() {
        Environment environment = context.environment();
        DatabaseName database = DatabaseName.of(environment.require("APPLICATION_DB"),
                environment.origin("APPLICATION_DB"));
        DatabaseTarget target = DatabaseTarget.of(environment);
        DevDatabase where = DevDatabases.forEnvironment(context, environment);
        if (where.isContainer() && !environment.isProduction()) {
            List<String> args = new ArrayList<>(List.of("exec"));
            if (System.console() == null) {
                args.add("-T"); // no terminal to give the container: docker would refuse ("the input device is not a TTY")
            }
            args.addAll(List.of("db", "psql", "-U", target.user(), "-d", database.name()));
            args.addAll(psqlArgs);
            return new Compose(context, environment).run(args);
        }
        if (Processes.onPath("psql", context.processEnvironment()).isEmpty()) {
            throw new ManageException("psql is not installed. Install the PostgreSQL client (Debian/Ubuntu: apt-get "
                    + "install postgresql-client; macOS: brew install libpq), or start a container engine so that "
                    + "psql runs inside the db container");
        }
        List<String> command = new ArrayList<>(List.of("psql", "-h", target.host(), "-p",
                String.valueOf(target.port()), "-U", target.user(), "-d", database.name()));
        command.addAll(psqlArgs);
        Map<String, String> env = environment.childEnvironment();
        env.put("PGPASSWORD", target.password());
        return context.processes().runInteractive(command, env, context.projectDir());
    }
}
