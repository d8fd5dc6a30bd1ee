package org.acme.manage.compose;

import java.util.List;
import java.util.concurrent.Callable;

import org.acme.manage.Context;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "compose", mixinStandardHelpOptions = true,
        description = {"Runs docker compose -p <env> -f docker/<env>.yml ARGS with the environment's variables.",
                "Falls back to docker-compose where the docker compose plugin is missing."},
        footer = {"", "Examples:", "  scripts/manage compose up -d db", "  APPLICATION_CONFIG=testing scripts/manage compose up -d db",
                "  scripts/manage compose config"})
public final class ComposeCommand implements Callable<Integer> {

    private final Context context;

    public ComposeCommand(Context context) {
        this.context = context;
    }

    @Parameters(arity = "1..*", paramLabel = "ARGS", description = "Arguments for docker compose.")
    private List<String> args;

    @Override
    public Integer call() {
        return new Compose(context, context.environment()).run(args);
    }
}
