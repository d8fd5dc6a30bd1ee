package org.acme.platform;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class OperationsEndpointsIT extends OperationsEndpointsTest {

    /** The packaged service's management interface, on the port that ManagementPortResource gave it. */
    @Override
    String management(String path) {
        return "http://127.0.0.1:" + System.getProperty(ManagementPortResource.PORT) + "/q/" + path;
    }
}
