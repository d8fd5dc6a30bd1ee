package org.acme.manage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.acme.manage.harness.FreePort;
import org.acme.manage.process.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

/** The CLI's PostgreSQL runner on a real server: what zonky's EmbeddedPostgres could not do for it. */
class PostgresClusterTest {

    @TempDir
    Path dir;

    @Test
    void alterSystemHoldsAfterARestartAndALaterCommandStopsTheServer() throws Exception {
        assumeFalse(new UnixSystem().getUid() == 0, "PostgreSQL refuses to run as root");
        PostgresCluster cluster = cluster();
        cluster.create("owner", "pw", List.of("max_connections = 50"));
        int port = FreePort.pick();
        cluster.start(port);
        try {
            assertThat(cluster.running()).hasValueSatisfying(server -> assertThat(server.port()).isEqualTo(port));
            assertThat(show(port, "max_connections")).isEqualTo("50");
            assertThat(show(port, "listen_addresses")).isEqualTo("127.0.0.1");
            try (Connection connection = connect(port, "pw"); Statement statement = connection.createStatement()) {
                statement.execute("ALTER SYSTEM SET max_connections = 20");
            }
            assertThatThrownBy(() -> connect(port, "wrong").close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");

            cluster.stop("immediate");
            assertThat(cluster.running()).isEmpty();
            cluster.start(port);
            assertThat(show(port, "max_connections")).isEqualTo("20");

            cluster().stop("smart");
            assertThat(cluster.running()).isEmpty();
        } finally {
            if (cluster.running().isPresent()) {
                cluster.stop("immediate");
            }
        }
    }

    /** A new runner on the same directory, as a later command builds it. */
    private PostgresCluster cluster() {
        PrintWriter nowhere = new PrintWriter(PrintWriter.nullWriter());
        return new PostgresCluster(System.getenv(), nowhere, new Processes(nowhere), dir.resolve("data"),
                dir.resolve("postgres.log"));
    }

    private static Connection connect(int port, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "owner", password);
    }

    private static String show(int port, String setting) throws SQLException {
        try (Connection connection = connect(port, "pw"); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }
}
