package org.acme.testdb;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Hands the test run's database (started by {@link TestDatabaseSession}) to an application that runs in its own
 * process, as {@code @QuarkusIntegrationTest} does with the packaged artifact.
 */
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static final String[] PROPERTIES = { "quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password", "quarkus.datasource.devservices.enabled" };

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>();
        for (String name : PROPERTIES) {
            String value = System.getProperty(name);
            if (value != null) {
                properties.put(name, value);
            }
        }
        return properties;
    }

    @Override
    public void stop() {
    }
}
