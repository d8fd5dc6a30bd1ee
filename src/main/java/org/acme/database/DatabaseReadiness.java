package org.acme.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSource.FlushMode;

/**
 * Readiness: UP when a connection from the pool, had the way a request has it, answers a round trip within the
 * pool's validation timeout. It replaces Quarkus's own datasource check (quarkus.datasource.health.enabled=false),
 * which asks Agroal whether a pooled connection is valid without replacing a dead one: after the database closed
 * the pool's idle connections (a restart, a failover, pg_terminate_backend) that check said DOWN, once for every
 * dead connection, while the database was up and every request succeeded. Here a dead connection idle in the pool
 * is replaced as it is handed out.
 * <p>
 * The round trip is its own: the pool checks only a connection idle for longer than
 * quarkus.datasource.jdbc.foreground-validation-interval, and under load one has always just been used, so a
 * connection alone would say UP while the network to the database is silent or the server is gone. When the round
 * trip fails, the pool is asked to check its idle connections and drop the dead ones, that one among them, so
 * that the next probe does not meet it again.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    /** The name of the check it replaces, which monitoring may already look for. */
    static final String NAME = "Database connections health check";

    private final AgroalDataSource dataSource;
    private final int timeoutSeconds;

    DatabaseReadiness(AgroalDataSource dataSource,
            @ConfigProperty(name = "quarkus.datasource.jdbc.validation-query-timeout") Duration timeout) {
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    public HealthCheckResponse call() {
        boolean answered;
        try (Connection connection = dataSource.getConnection()) {
            answered = connection.isValid(timeoutSeconds);
        } catch (SQLException e) {
            // the reason goes to no one: the endpoint is public, and the request that fails next logs it
            return down();
        }
        if (!answered) {
            dataSource.flush(FlushMode.INVALID);
            return down();
        }
        return HealthCheckResponse.up(NAME);
    }

    private static HealthCheckResponse down() {
        return HealthCheckResponse.named(NAME).down().withData("<default>", "no working connection").build();
    }
}
