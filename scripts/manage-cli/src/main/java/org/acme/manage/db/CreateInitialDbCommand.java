package org.acme.manage.db;

import java.util.concurrent.Callable;

import org.acme.manage.Manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "create-initial-db", mixinStandardHelpOptions = true,
        description = "Creates the environment's APPLICATION_DB on its server unless it exists.")
public final class CreateInitialDbCommand implements Callable<Integer> {

    @ParentCommand
    private Manage manage;

    @Override
    public Integer call() {
        InitialDatabase.create(manage.context(), manage.context().environment());
        return 0;
    }
}
