package org.acme.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class RequestBodyLimitIT extends RequestBodyLimitTest {
}
