package org.acme.platform;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where health, metrics and the OpenAPI document answer, for a test that also runs as an IT: with
 * {@code @QuarkusTest} the application runs in the test's JVM, and its config holds the port its management
 * interface bound ({@code quarkus.management.test-port} is 0, any free port, until then); the packaged service of
 * {@code @QuarkusIntegrationTest} listens where {@link PackagedServiceAddresses} told it to.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** {@code http://127.0.0.1:PORT/q/PATH}. */
    public static String url(String path) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(0);
        String bound = port > 0 ? String.valueOf(port) : System.getProperty(PackagedServiceAddresses.PORT);
        if (bound == null) {
            throw new IllegalStateException("no management interface is running for this test");
        }
        return "http://127.0.0.1:" + bound + "/q/" + path;
    }
}
