package org.acme.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * At startup, checks that the login the service's requests run as ({@code APPLICATION_USER}) has no right beyond
 * reading and writing the tables: it is no superuser (nor can it become one), cannot create roles or databases, and
 * neither owns, nor can act as the owner of, a table of the schemas it serves. SQL that got past the service would
 * otherwise have those rights too (SECURITY.md, "Least privilege in the database").
 * <p>
 * {@code database.least-privilege}: {@code refuse} (production) stops startup with one message naming the role and
 * each right, without a stack trace; {@code warn} (development, tests) logs that message once per start.
 */
@ApplicationScoped
public class LeastPrivilege {

    private static final Logger LOG = Logger.getLogger(LeastPrivilege.class);

    /**
     * The login's excess rights, one row. A superuser passes every {@code pg_has_role}: its tables are not listed.
     * A role can act as the owner of a table when it is that owner or a member of it ({@code MEMBER}: it may
     * {@code SET ROLE} to it).
     */
    static final String QUERY = """
            SELECT r.rolname,
                   r.rolsuper,
                   (SELECT string_agg(s.rolname, ', ' ORDER BY s.rolname) FROM pg_roles s
                    WHERE s.rolsuper AND s.oid <> r.oid AND pg_has_role(r.oid, s.oid, 'MEMBER')) AS superuser_roles,
                   r.rolcreaterole,
                   r.rolcreatedb,
                   (SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY n.nspname, c.relname)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (current_schemas(false))
                      AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owned_tables
            FROM pg_roles r WHERE r.rolname = current_user""";

    /** What the check found: the login's name and each right it should not have, in words. */
    public record Finding(String role, List<String> rights) {

        public boolean isLeast() {
            return rights.isEmpty();
        }

        /** One line: the role, each right, and what to do. */
        public String message() {
            return "The service's database login \"" + role + "\" (APPLICATION_USER) has rights that the service "
                    + "must not have: " + String.join("; ", rights) + ". The service serves only as a role that can "
                    + "read and write the tables and nothing else (docs/production.md, \"Database roles\"): set "
                    + "APPLICATION_USER to such a role, as scripts/manage create-initial-db makes it";
        }
    }

    private final AgroalDataSource dataSource;
    private final String mode;

    LeastPrivilege(AgroalDataSource dataSource,
            @ConfigProperty(name = "database.least-privilege", defaultValue = "warn") String mode) {
        this.dataSource = dataSource;
        this.mode = mode;
    }

    void checkAtStartup(@Observes StartupEvent event) {
        Finding finding;
        try (Connection connection = dataSource.getConnection()) {
            finding = check(connection);
        } catch (SQLException e) {
            // the database is unreachable: readiness says so, and requests get 503s; nothing to judge here
            LOG.warnf("Could not check the rights of the service's database login: %s", e.getMessage());
            return;
        }
        enforce(finding, mode);
    }

    /** What {@code connection}'s login may do beyond reading and writing tables. */
    public static Finding check(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
            if (!row.next()) {
                throw new SQLException("current_user is not in pg_roles");
            }
            List<String> rights = new ArrayList<>();
            if (row.getBoolean("rolsuper")) {
                rights.add("it is a superuser (SUPERUSER)");
            } else if (row.getString("superuser_roles") != null) {
                rights.add("it can become a superuser (a member of " + row.getString("superuser_roles") + ")");
            }
            if (row.getBoolean("rolcreaterole")) {
                rights.add("it can create roles (CREATEROLE)");
            }
            if (row.getBoolean("rolcreatedb")) {
                rights.add("it can create databases (CREATEDB)");
            }
            if (!row.getBoolean("rolsuper") && row.getString("owned_tables") != null) {
                rights.add("it owns, or can act as the owner of, the tables it serves (" + row.getString("owned_tables")
                        + "), so it could alter or drop them");
            }
            return new Finding(row.getString("rolname"), List.copyOf(rights));
        }
    }

    /**
     * {@code refuse}: throws a ConfigurationException (Quarkus prints its message alone and exits 1); otherwise
     * logs the finding once, as a warning.
     */
    static void enforce(Finding finding, String mode) {
        if (!"refuse".equals(mode) && !"warn".equals(mode)) {
            throw new ConfigurationException("database.least-privilege must be refuse or warn, not '" + mode + "'");
        }
        if (finding.isLeast()) {
            return;
        }
        if ("refuse".equals(mode)) {
            LOG.error(finding.message());
            throw new ConfigurationException(finding.message() + "; refusing to start");
        }
        LOG.warn(finding.message() + " (in production the service refuses to start so)");
    }
}
