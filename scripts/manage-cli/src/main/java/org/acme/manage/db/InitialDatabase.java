package org.acme.manage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.acme.database.ApplicationRoles;
import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;

/**
 * APPLICATION_DB, created on the server of POSTGRES_* (a superuser) when it is missing, and the service's two roles
 * (APPLICATION_OWNER, APPLICATION_USER, with their passwords) created or brought up to date on it: idempotent.
 */
public final class InitialDatabase {

    private InitialDatabase() {
    }

    /** @return true when it was created, false when it existed */
    public static boolean create(Context context, Environment environment) {
        // Checked before anything connects: a bad name must never reach the server.
        DatabaseName name = DatabaseName.of(environment.require("APPLICATION_DB"), environment.origin("APPLICATION_DB"));
        DatabaseTarget target = DatabaseTarget.of(environment);
        ApplicationRoles roles = roles(environment);
        refuseTheAdmin(environment, target.user(), roles);
        boolean created = createDatabase(context, target, name);
        try (Connection connection = target.connect(name.name())) {
            roles.setUp(connection, name.name());
            context.out().println("Roles " + roles.owner() + " (owns " + name + ", migrates it) and "
                    + roles.service() + " (the service's: reads and writes its tables) are set up");
        } catch (SQLException e) {
            throw new ManageException("cannot set up the roles of database " + name + " on " + target.describe()
                    + ": " + e.getMessage(), e);
        }
        return created;
    }

    /** The service's two roles as the environment names them. */
    public static ApplicationRoles roles(Environment environment) {
        try {
            return new ApplicationRoles(environment.require("APPLICATION_OWNER"),
                    environment.require("APPLICATION_OWNER_PASSWORD"), environment.require("APPLICATION_USER"),
                    environment.require("APPLICATION_USER_PASSWORD"));
        } catch (IllegalArgumentException e) {
            throw new ManageException(e.getMessage(), ManageException.USAGE);
        }
    }

    /**
     * Neither role may be the login this runs as (POSTGRES_USER, the server's administrator): setting it up would
     * strip that login of the rights this very tool needs and reset its password, or fail half-way (PostgreSQL
     * refuses NOSUPERUSER for the bootstrap superuser, which a volume initialised with POSTGRES_USER=application
     * has). Checked before anything connects, so nothing changes.
     */
    static void refuseTheAdmin(Environment environment, String admin, ApplicationRoles roles) {
        for (String[] role : new String[][] { { "APPLICATION_OWNER", roles.owner() },
                { "APPLICATION_USER", roles.service() } }) {
            if (role[1].equals(admin)) {
                throw new ManageException(environment.origin(role[0]) + " is '" + role[1] + "', the administrator "
                        + "this runs as (" + environment.origin("POSTGRES_USER") + "): the service's roles must be roles of their own, or the administrator would lose its "
                        + "rights. Nothing was changed. Name the role otherwise (for a server whose administrator is "
                        + "named '" + admin + "', e.g. " + role[0] + "=" + admin + "_" + (role[0].endsWith("OWNER")
                                ? "owner" : "service") + ": docs/production.md, \"Upgrading from one role\")",
                        ManageException.USAGE);
            }
        }
    }

    private static boolean createDatabase(Context context, DatabaseTarget target, DatabaseName name) {
        try (Connection connection = target.connect(target.maintenanceDatabase())) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name.name());
                try (ResultSet result = exists.executeQuery()) {
                    if (result.next()) {
                        context.out().println("Database " + name + " exists already on " + target.describe());
                        return false;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name.quoted());
            }
            context.out().println("Created database " + name + " on " + target.describe());
            return true;
        } catch (SQLException e) {
            throw new ManageException("cannot create database " + name + " on " + target.describe() + ": "
                    + e.getMessage(), e);
        }
    }
}
