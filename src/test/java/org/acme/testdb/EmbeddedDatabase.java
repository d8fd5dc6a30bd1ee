package org.acme.testdb;

import java.sql.Connection;
import java.sql.Statement;

import com.sun.security.auth.module.UnixSystem;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL binaries from Maven Central, started on a free port in a temporary directory. */
final class EmbeddedDatabase implements ThrowawayDatabase {

    private final String reason;
    private final String databaseName;
    private EmbeddedPostgres postgres;

    EmbeddedDatabase(String reason, String databaseName) {
        this.reason = reason;
        this.databaseName = databaseName;
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL (" + reason + ")"
                + (postgres == null ? "" : " on 127.0.0.1:" + postgres.getPort() + ", database " + databaseName);
    }

    @Override
    public Superuser start() throws Exception {
        if (isRoot()) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, so the embedded test database cannot "
                    + "start. Run the tests as an unprivileged user (for example: runuser -u <user> -- ./mvnw verify), "
                    + "or point them at a running server with POSTGRES_HOSTNAME, or start a container runtime.");
        }
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + Identifiers.quote(databaseName));
        }
        return new Superuser("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + databaseName,
                "postgres", "");
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }
}
