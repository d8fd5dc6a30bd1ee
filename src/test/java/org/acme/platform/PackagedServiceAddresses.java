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
 * Where the packaged service that {@code @QuarkusIntegrationTest} runs listens. It runs in the production profile,
 * which listens on every interface: here it listens on the loopback interface only. Its management interface reads
 * {@code quarkus.management.port} (not test-port) and reports the port it bound to nobody, so it gets a free one
 * picked here, which the test reads back from the system property of the same name. Global, so that every IT
 * shares one launch, and none binds 9000, where a developer's service may be running. {@code @QuarkusTest} listens
 * on the loopback interface already, and its management interface on {@code quarkus.management.test-port}.
 */
@WithTestResource(value = PackagedServiceAddresses.class, scope = TestResourceScope.GLOBAL)
public class PackagedServiceAddresses implements QuarkusTestResourceLifecycleManager {

    static final String PORT = "quarkus.management.port";
    private static final String LOOPBACK = "127.0.0.1";

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Map.of(PORT, String.valueOf(socket.getLocalPort()), "quarkus.http.host", LOOPBACK,
                    "quarkus.management.host", LOOPBACK);
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the management interface", e);
        }
    }

    @Override
    public void stop() {
    }
}
