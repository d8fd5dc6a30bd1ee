package org.acme.manage.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where an environment's PostgreSQL server is and how to log in, from POSTGRES_* and APPLICATION_DB; {@code sslMode}
 * and {@code sslRootCert} are POSTGRES_SSLMODE and POSTGRES_SSLROOTCERT (null: pgjdbc's defaults), as the service
 * uses them.
 */
public record DatabaseTarget(String host, int port, String user, String password, String maintenanceDatabase,
        String applicationDatabase, String sslMode, String sslRootCert) {

    private static final int TIMEOUT_SECONDS = 5;
    /** The same as the service's (org.acme.config.CheckedSettings). */
    static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public DatabaseTarget(String host, int port, String user, String password, String maintenanceDatabase,
            String applicationDatabase) {
        this(host, port, user, password, maintenanceDatabase, applicationDatabase, null, null);
    }

    public static DatabaseTarget of(Environment environment) {
        return new DatabaseTarget(
                environment.get("POSTGRES_HOSTNAME", "localhost"),
                environment.port(),
                environment.require("POSTGRES_USER"),
                environment.require("POSTGRES_PASSWORD"),
                environment.get("POSTGRES_DB", "postgres"),
                environment.require("APPLICATION_DB"),
                sslMode(environment),
                environment.get("POSTGRES_SSLROOTCERT", null));
    }

    private static String sslMode(Environment environment) {
        String mode = environment.get("POSTGRES_SSLMODE", null);
        if (mode != null && !SSL_MODES.contains(mode)) {
            throw new ManageException(environment.origin("POSTGRES_SSLMODE") + ": refusing '" + mode + "' as the TLS "
                    + "mode: one of " + String.join(", ", SSL_MODES), ManageException.USAGE);
        }
        return mode;
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
                environment.require("APPLICATION_DB"),
                sslMode(environment),
                environment.get("POSTGRES_SSLROOTCERT", null));
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
        if (sslMode != null) {
            dataSource.setSslMode(sslMode);
        }
        if (sslRootCert != null) {
            dataSource.setSslRootCert(sslRootCert);
        }
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
