package org.acme.testdb;

import java.util.Map;

/** A PostgreSQL database that lives as long as one application under test: started, then removed. */
interface ThrowawayDatabase extends AutoCloseable {

    /** Why this kind was chosen and where it runs, for the one log line of the run. */
    String describe();

    /** Starts the database; returns the datasource settings that point the application at it. */
    Map<String, String> start() throws Exception;

    @Override
    void close() throws Exception;

    static Map<String, String> coordinates(String jdbcUrl, String username, String password) {
        return Map.of(TestDatabaseResource.URL, jdbcUrl, TestDatabaseResource.USERNAME, username,
                TestDatabaseResource.PASSWORD, password == null ? "" : password);
    }
}
