package org.acme.testdb;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Turns Quarkus Dev Services for the datasource off in the test profile when the test database comes from
 * elsewhere ({@link TestDatabaseChoice}). Dev Services decide while Quarkus builds the application under test,
 * before any test resource starts, and without a container runtime they fail the build: a config source is what
 * every runner reads at that moment (Surefire, Failsafe and continuous testing alike).
 */
public class DevServicesSwitch implements ConfigSourceFactory {

    static final String ENABLED = "quarkus.datasource.devservices.enabled";

    /** Below environment variables and system properties, so that either can still turn Dev Services on. */
    private static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("test") || isSet(context, TestDatabaseResource.URL)
                || isSet(context, ENABLED)) {
            return List.of();
        }
        if (TestDatabaseChoice.current().kind() == TestDatabaseChoice.Kind.DEV_SERVICES) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(ENABLED, "false"), "DevServicesSwitch", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isEmpty();
    }
}
