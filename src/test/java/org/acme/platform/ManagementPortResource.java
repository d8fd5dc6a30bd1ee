package org.acme.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The management port of the packaged service that {@code @QuarkusIntegrationTest} runs: that service reads
 * {@code quarkus.management.port} (not test-port) and reports the port it bound to nobody, so it gets a free one
 * picked here, which the test reads back from the system property of the same name. Global, so that every IT
 * shares one launch, and none binds 9000, where a developer's service may be running. {@code @QuarkusTest} ignores
 * it: its management interface listens on {@code quarkus.management.test-port}, any free port.
 */
@WithTestResource(value = ManagementPortResource.class, scope = TestResourceScope.GLOBAL)
public class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    static final String PORT = "quarkus.management.port";

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Map.of(PORT, String.valueOf(socket.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the management interface", e);
        }
    }

    @Override
    public void stop() {
    }
}
