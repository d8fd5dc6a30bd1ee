package org.acme.database;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.agroal.api.AgroalDataSource;

/**
 * Readiness: UP when the pool hands out a working connection, the way a request gets one. It replaces Quarkus's
 * own datasource check (quarkus.datasource.health.enabled=false), which asks Agroal whether a pooled connection is
 * valid without replacing a dead one: after the database closed the pool's idle connections (a restart, a
 * failover, pg_terminate_backend) that check said DOWN, once for every dead connection, while the database was up
 * and every request succeeded. Here a connection is had as a request has it, a dead one idle in the pool
 * replaced; DOWN means that no working connection could be had within the acquisition timeout.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    /** The name of the check it replaces, which monitoring may already look for. */
    static final String NAME = "Database connections health check";

    private final AgroalDataSource dataSource;

    DatabaseReadiness(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            return HealthCheckResponse.up(NAME);
        } catch (SQLException e) {
            // the reason goes to no one: the endpoint is public, and the request that fails next logs it
            return HealthCheckResponse.named(NAME).down().withData("<default>", "no working connection").build();
        }
    }
}
