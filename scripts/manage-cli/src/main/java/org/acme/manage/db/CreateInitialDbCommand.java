package org.acme.manage.db;

import java.util.concurrent.Callable;

import org.acme.manage.Context;

import picocli.CommandLine.Command;

@Command(name = "create-initial-db", mixinStandardHelpOptions = true,
        description = "Creates the environment's APPLICATION_DB on its server unless it exists.")
public final class CreateInitialDbCommand implements Callable<Integer> {

    private final Context context;

    public CreateInitialDbCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InitialDatabase.create(context, context.environment());
        return 0;
    }
}
