package org.acme.testdb;

/** Nothing to do here: Quarkus Dev Services start a PostgreSQL container when the application is built. */
final class DevServicesDatabase implements ThrowawayDatabase {

    private final String reason;

    DevServicesDatabase(String reason) {
        this.reason = reason;
    }

    @Override
    public String describe() {
        return "Quarkus Dev Services container (" + reason + ")";
    }

    @Override
    public void start() {
    }

    @Override
    public void close() {
    }
}
