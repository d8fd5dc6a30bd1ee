package org.acme.testdb;

/**
 * A PostgreSQL database that lives for one test run. {@link #start()} publishes its coordinates as system
 * properties, which Quarkus reads before it builds the application under test; {@link #close()} removes it.
 */
interface ThrowawayDatabase extends AutoCloseable {

    /** Why this kind was chosen and where it runs, for the one log line of the run. */
    String describe();

    void start() throws Exception;

    @Override
    void close() throws Exception;

    static void publish(String jdbcUrl, String username, String password) {
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        System.setProperty("quarkus.datasource.username", username);
        System.setProperty("quarkus.datasource.password", password == null ? "" : password);
        // Dev Services decide at build time; with a database supplied here they must stay out of the way,
        // and without a container runtime they would fail the whole run.
        System.setProperty("quarkus.datasource.devservices.enabled", "false");
    }
}
