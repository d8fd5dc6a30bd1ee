package org.acme.testdb;

/** A PostgreSQL database that lives as long as one application under test: started, then removed. */
interface ThrowawayDatabase extends AutoCloseable {

    /** Why this kind was chosen and where it runs, for the one log line of the run. */
    String describe();

    /** Starts the database; returns where it is, as its server's superuser reaches it. */
    Superuser start() throws Exception;

    @Override
    void close() throws Exception;

    /** The new database, and the superuser that created it (who then sets up the application's roles there). */
    record Superuser(String jdbcUrl, String username, String password) {

        public Superuser {
            password = password == null ? "" : password;
        }
    }
}
