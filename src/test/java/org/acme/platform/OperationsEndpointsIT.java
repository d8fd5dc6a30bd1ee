package org.acme.platform;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class OperationsEndpointsIT extends OperationsEndpointsTest {
}
