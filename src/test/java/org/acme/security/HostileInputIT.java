package org.acme.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {
}
