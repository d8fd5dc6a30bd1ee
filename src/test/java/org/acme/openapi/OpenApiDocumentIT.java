package org.acme.openapi;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The contract again, against the packaged application. */
@QuarkusIntegrationTest
class OpenApiDocumentIT extends OpenApiDocumentTest {
}
