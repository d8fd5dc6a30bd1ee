package org.acme.manage.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.sun.security.auth.module.UnixSystem;

/** The harness that a fault-injection suite builds on: a database that goes away and comes back with its data. */
class ThrowawayPostgresTest {

    @Test
    void stopsAndStartsWithItsDataThenDeletesItself() throws Exception {
        Assumptions.assumeFalse(new UnixSystem().getUid() == 0, "PostgreSQL refuses to run as root");
        Path dataDir;
        try (ThrowawayPostgres db = ThrowawayPostgres.start(System.getenv(), new PrintWriter(PrintWriter.nullWriter()),
                List.of("max_connections = 50"))) {
            assertThat(db.port()).isPositive();
            dataDir = db.logFile().getParent();
            db.createDatabase("harness");
            try (Connection connection = db.connect("harness"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (v int)");
                statement.execute("INSERT INTO t VALUES (42)");
                assertThat(value(statement, "SHOW max_connections")).isEqualTo("50");
            }

            db.stopDatabase(ThrowawayPostgres.StopMode.IMMEDIATE);
            assertThat(db.isRunning()).isFalse();
            assertThatThrownBy(() -> db.connect("harness")).isInstanceOf(SQLException.class);

            db.startDatabase();
            try (Connection connection = db.connect("harness"); Statement statement = connection.createStatement()) {
                assertThat(value(statement, "SELECT v FROM t")).isEqualTo("42");
            }
            assertThat(db.clientEnvironment("harness")).containsEntry("PGPORT", String.valueOf(db.port()))
                    .containsEntry("PGHOST", "127.0.0.1");
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    private static String value(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
