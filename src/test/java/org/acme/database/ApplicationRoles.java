package org.acme.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.postgresql.core.Utils;

/**
 * The two roles of the service's database (docs/production.md, "Database roles"): the owner
 * ({@code APPLICATION_OWNER}) owns the database and its schema and runs the migrations (Quarkus Flyway's own
 * credentials); the service's role ({@code APPLICATION_USER}) is the datasource's login and may read and write the
 * tables the owner creates, nothing else: not a superuser, no CREATEDB or CREATEROLE, no CREATE or TEMPORARY on the
 * database, no CREATE on the schema, owner of nothing.
 * <p>
 * Set up as a superuser, idempotently, wherever a database is made for the service: the test database
 * (org.acme.testdb.TestDatabaseResource), {@code scripts/manage create-initial-db} and the CLI's throwaway servers
 * (the management CLI uses this class through the test jar, as it does ScenarioScript). The compose files do the same
 * with docker/initdb/application-roles.sh: keep the two in step. ServiceRoleTest shows the result. No password is
 * ever part of SQL text: each goes to the server as a SCRAM verifier computed on this side.
 */
public record ApplicationRoles(String owner, String ownerPassword, String service, String servicePassword) {

    /** Flyway's history table (quarkus.flyway.table is left at its default): the owner's alone. */
    public static final String FLYWAY_HISTORY = "flyway_schema_history";

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public ApplicationRoles {
        check(owner, "APPLICATION_OWNER");
        check(service, "APPLICATION_USER");
        if (owner.equals(service)) {
            throw new IllegalArgumentException("APPLICATION_OWNER and APPLICATION_USER must be two roles, both are '"
                    + owner + "'");
        }
    }

    /** Creates both roles, or brings existing ones to these attributes and passwords; any database of the server. */
    public void createRoles(Connection superuser) throws SQLException {
        createRole(superuser, owner, ownerPassword);
        createRole(superuser, service, servicePassword);
    }

    /**
     * Connected as a superuser to {@code database}: hands it and everything in it to the owner, and gives the
     * service's role read and write on its tables, now and (through the owner's default privileges) to come.
     */
    public void grant(Connection superuser, String database) throws SQLException {
        String db = quote(database);
        String o = quote(owner);
        String s = quote(service);
        try (Statement statement = superuser.createStatement()) {
            statement.execute("ALTER DATABASE " + db + " OWNER TO " + o);
            // what the service's role owned here (a database migrated by it before the roles were split) goes too
            statement.execute("REASSIGN OWNED BY " + s + " TO " + o);
            // and so do the tables that another role migrated before (the superuser, in development): REASSIGN
            // cannot take a superuser's objects, so each relation of the schema is handed over (a table takes its
            // indexes and its own sequences with it; only free-standing sequences need their own statement)
            statement.execute("DO $$ DECLARE relation record; BEGIN FOR relation IN "
                    + "SELECT c.oid::regclass AS name, CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' "
                    + "WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
                    + "AND c.relowner <> " + literal(owner) + "::regrole "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
                    + "AND d.objid = c.oid AND d.deptype IN ('a', 'i')) "
                    + "LOOP EXECUTE format('ALTER %s %s OWNER TO %I', relation.kind, relation.name, "
                    + literal(owner) + "); END LOOP; END $$");
            statement.execute("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
            statement.execute("GRANT CONNECT ON DATABASE " + db + " TO " + s);
            statement.execute("ALTER SCHEMA public OWNER TO " + o);
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute("GRANT USAGE ON SCHEMA public TO " + s);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + o + " IN SCHEMA public "
                    + "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + s);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + o + " IN SCHEMA public "
                    + "GRANT USAGE, SELECT ON SEQUENCES TO " + s);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + s);
            statement.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + s);
            statement.execute("DO $$ BEGIN IF to_regclass('public." + FLYWAY_HISTORY + "') IS NOT NULL THEN "
                    + "REVOKE ALL ON TABLE public." + FLYWAY_HISTORY + " FROM " + s + "; END IF; END $$");
        }
    }

    /** {@link #createRoles} and {@link #grant} in one go; {@code connection} is a superuser's to {@code database}. */
    public void setUp(Connection superuser, String database) throws SQLException {
        createRoles(superuser);
        grant(superuser, database);
    }

    private static void createRole(Connection superuser, String name, String password) throws SQLException {
        boolean exists;
        try (PreparedStatement query = superuser.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                exists = result.next();
            }
        }
        String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
        try (Statement statement = superuser.createStatement()) {
            statement.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + quote(name) + " WITH" + attributes);
            if (password == null || password.isEmpty()) {
                statement.execute("ALTER ROLE " + quote(name) + " PASSWORD NULL");
                return;
            }
        }
        // The password never travels in SQL text, which the server logs (log_statement, a failed statement's
        // log_min_error_statement) and shows in pg_stat_activity: pgjdbc computes the SCRAM-SHA-256 verifier here
        // and sends ALTER USER ... PASSWORD 'SCRAM-SHA-256$...', from which the password cannot be read back.
        superuser.unwrap(PGConnection.class).alterUserPassword(name, password.toCharArray(), "scram-sha-256");
    }

    private static String literal(String value) throws SQLException {
        return "'" + Utils.escapeLiteral(null, value, true) + "'";
    }

    private static String quote(String name) {
        return '"' + name + '"';
    }

    private static void check(String name, String setting) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(setting + ": '" + name + "' is not a role name (lower-case letters, "
                    + "digits and _, at most 63 characters, not starting with a digit)");
        }
    }
}
