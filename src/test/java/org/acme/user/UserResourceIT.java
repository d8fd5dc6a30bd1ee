package org.acme.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The API contract again, against the packaged application. */
@QuarkusIntegrationTest
class UserResourceIT extends UserResourceTest {
}
