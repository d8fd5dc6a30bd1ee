package org.acme.manage.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.acme.manage.Context;

/** Whether a database accepts the configured login, for {@code db status}. */
final class DatabaseProbe {

    private DatabaseProbe() {
    }

    /** Prints the answer; returns 0 when reachable, 1 otherwise. */
    static int report(Context context, DatabaseTarget target) {
        try (Connection connection = target.dataSource(target.maintenanceDatabase()).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            context.out().println("  reachable: yes, as " + target.describe() + "/" + target.maintenanceDatabase()
                    + " (PostgreSQL " + result.getString(1) + ")");
            return 0;
        } catch (SQLException e) {
            context.out().println("  reachable: no, as " + target.describe() + ": " + e.getMessage());
            return 1;
        }
    }
}
