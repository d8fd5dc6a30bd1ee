package org.acme.manage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;

/** APPLICATION_DB, created on the server of POSTGRES_* when it is missing. */
public final class InitialDatabase {

    private InitialDatabase() {
    }

    /** @return true when it was created, false when it existed */
    public static boolean create(Context context, Environment environment) {
        // Checked before anything connects: a bad name must never reach the server.
        DatabaseName name = DatabaseName.of(environment.require("APPLICATION_DB"), environment.origin("APPLICATION_DB"));
        DatabaseTarget target = DatabaseTarget.of(environment);
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
