package org.acme.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.smallrye.config.ConfigSourceContext;

/**
 * Dev mode's database, for {@code ./mvnw quarkus:dev} on its own (docs/workflows.md, "Dev mode on its own").
 * <p>
 * With a container engine, Quarkus's Compose Dev Services start {@code docker/development.yml} (application.properties,
 * {@code %dev.quarkus.compose.devservices.*}): the compose file takes its values as variables, which
 * {@link #composeVariables} gives it from the development file, as {@code scripts/manage} does. Without an engine and
 * without a database, {@link #unreachable} says what to run instead of a connection's stack trace.
 */
final class DevelopmentDatabase {

    static final String COMPOSE_VARIABLE_PREFIX = "quarkus.compose.devservices.env-variables.";

    private static final int PROBE_TIMEOUT_MILLIS = 2_000;

    private DevelopmentDatabase() {
    }

    /**
     * Every entry of the development file as a variable of the compose file, an environment variable or system
     * property of the same name winning, as it does for the service.
     */
    static Map<String, String> composeVariables(JsonConfigFile file, ConfigSourceContext context) {
        Map<String, String> variables = new TreeMap<>();
        for (String name : file.values().keySet()) {
            variables.put(COMPOSE_VARIABLE_PREFIX + name,
                    CheckedSettings.winning(context, file, JsonConfigSourceFactory.ORDINAL, name).value());
        }
        return variables;
    }

    /** What to tell the developer when nothing accepts a connection at {@code host:port}; empty when something does. */
    static Optional<String> unreachable(String host, int port, Path file) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("No PostgreSQL answers at " + host + ":" + port + " (POSTGRES_HOSTNAME and POSTGRES_PORT "
                    + "of " + file + "), and no container engine started docker/development.yml. Start the "
                    + "development database, then dev mode again:\n"
                    + "    scripts/manage dev        the database and dev mode together (embedded PostgreSQL without "
                    + "Docker)\n"
                    + "    scripts/manage db up      the database alone, then ./mvnw quarkus:dev\n"
                    + "With Docker running, ./mvnw quarkus:dev starts the database itself.");
        }
    }
}
