package org.acme.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.acme.manage.db.DatabaseName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"application", "test", "_x", "App_2", "a23456789012345678901234567890123456789012345678901234567890123"})
    void safeNamesAreQuoted(String name) {
        assertThat(DatabaseName.of(name, "test").quoted()).isEqualTo('"' + name + '"');
    }

    @ParameterizedTest
    @ValueSource(strings = {"app; DROP DATABASE postgres", "app\"; DROP DATABASE postgres; --", "", "1app", "app-db",
            "a234567890123456789012345678901234567890123456789012345678901234", "app db", "app\n"})
    void unsafeNamesAreRefused(String name) {
        assertThatThrownBy(() -> DatabaseName.of(name, "APPLICATION_DB in config/development.json"))
                .isInstanceOf(ManageException.class)
                .hasMessageContaining("refusing the database name")
                .hasMessageContaining("APPLICATION_DB in config/development.json")
                .hasMessageContaining("Nothing was executed");
    }

    /** The name is checked before anything connects: a listening socket sees no connection at all. */
    @Test
    void maliciousApplicationDbNeverReachesTheServer(@TempDir Path dir) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> connection = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            TestProject.Result result = new TestProject(dir)
                    .set("POSTGRES_HOSTNAME", "127.0.0.1")
                    .set("POSTGRES_PORT", String.valueOf(server.getLocalPort()))
                    .set("APPLICATION_DB", "app; DROP DATABASE postgres")
                    .run("create-initial-db");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("refusing the database name 'app; DROP DATABASE postgres'")
                    .contains("environment variable APPLICATION_DB");
            Thread.sleep(200);
            assertThat(connection).isNotDone();
            server.close();
            connection.get(5, TimeUnit.SECONDS);
        }
    }
}
