package org.acme.manage.db;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.compose.Compose;
import org.acme.manage.environment.Environment;

/** Picks where an environment's database lives: a container when an engine answers, else embedded. */
public final class DevDatabases {

    /** Set to {@code embedded} or {@code container} to skip the detection. */
    public static final String MODE_VARIABLE = "MANAGE_DATABASE";

    private DevDatabases() {
    }

    public static DevDatabase forEnvironment(Context context, Environment environment) {
        String mode = context.processEnvironment().getOrDefault(MODE_VARIABLE, "");
        switch (mode) {
            case "embedded":
                return new LocalPostgresServer(context, environment);
            case "container":
                return new ContainerDatabase(context, environment);
            case "":
                return Compose.engineRunning(context) ? new ContainerDatabase(context, environment)
                        : new LocalPostgresServer(context, environment);
            default:
                throw new ManageException(MODE_VARIABLE + "='" + mode + "': use embedded or container",
                        ManageException.USAGE);
        }
    }

    /** Only development and testing databases are started and stopped from here. */
    public static void refuseProduction(Environment environment, String action) {
        if (environment.isProduction()) {
            throw new ManageException("scripts/manage does not " + action + " the production database; it only "
                    + "manages the development and testing ones (APPLICATION_CONFIG=production)",
                    ManageException.USAGE);
        }
    }
}
