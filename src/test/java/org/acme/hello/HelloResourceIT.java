package org.acme.hello;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class HelloResourceIT extends HelloResourceTest {
}
