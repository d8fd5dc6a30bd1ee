package org.acme.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A uniquely named database on a PostgreSQL server that is already running, dropped at the end of the run. */
final class ServerDatabase implements ThrowawayDatabase {

    private final String reason;
    private final String serverUrl;
    private final String host;
    private final String port;
    private final String username;
    private final String password;
    private final String databaseName;

    ServerDatabase(String reason, String host, String port, String maintenanceDb, String username, String password,
            String databaseName) {
        this.reason = reason;
        this.host = host;
        this.port = port;
        this.serverUrl = "jdbc:postgresql://" + host + ":" + port + "/" + maintenanceDb;
        this.username = username;
        this.password = password;
        this.databaseName = databaseName;
    }

    @Override
    public String describe() {
        return "PostgreSQL server at " + host + ":" + port + " (" + reason + "), database " + databaseName;
    }

    @Override
    public Superuser start() throws SQLException {
        execute("CREATE DATABASE " + Identifiers.quote(databaseName));
        return new Superuser("jdbc:postgresql://" + host + ":" + port + "/" + databaseName, username, password);
    }

    @Override
    public void close() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + Identifiers.quote(databaseName) + " WITH (FORCE)");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl, username, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
