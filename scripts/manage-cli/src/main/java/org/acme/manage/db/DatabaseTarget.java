package org.acme.manage.db;

import java.sql.Connection;
import java.sql.SQLException;

import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;
import org.postgresql.ds.PGSimpleDataSource;

/** Where an environment's PostgreSQL server is and how to log in, from POSTGRES_* and APPLICATION_DB. */
public record DatabaseTarget(String host, int port, String user, String password, String maintenanceDatabase,
        String applicationDatabase) {

    private static final int TIMEOUT_SECONDS = 5;

    public static DatabaseTarget of(Environment environment) {
        return new DatabaseTarget(
                environment.get("POSTGRES_HOSTNAME", "localhost"),
                environment.port(),
                environment.require("POSTGRES_USER"),
                environment.require("POSTGRES_PASSWORD"),
                environment.get("POSTGRES_DB", "postgres"),
                environment.require("APPLICATION_DB"));
    }

    /**
     * The same server as the owner of the service's tables (APPLICATION_OWNER), as the service's Flyway logs in:
     * what migrates from here creates tables that the service's role may use (docs/production.md, "Database roles").
     */
    public static DatabaseTarget ofOwner(Environment environment) {
        return new DatabaseTarget(
                environment.get("POSTGRES_HOSTNAME", "localhost"),
                environment.port(),
                environment.require("APPLICATION_OWNER"),
                environment.require("APPLICATION_OWNER_PASSWORD"),
                environment.get("POSTGRES_DB", "postgres"),
                environment.require("APPLICATION_DB"));
    }

    public PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setConnectTimeout(TIMEOUT_SECONDS);
        dataSource.setLoginTimeout(TIMEOUT_SECONDS);
        dataSource.setApplicationName("scripts/manage");
        return dataSource;
    }

    public Connection connect(String database) {
        try {
            return dataSource(database).getConnection();
        } catch (SQLException e) {
            throw new ManageException("cannot connect to database " + database + " as " + describe() + ": "
                    + e.getMessage() + "\n  Is the database running? Try: scripts/manage db status", e);
        }
    }

    public String describe() {
        return user + "@" + host + ":" + port;
    }
}
