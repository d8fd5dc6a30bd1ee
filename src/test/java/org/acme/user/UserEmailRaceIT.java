package org.acme.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class UserEmailRaceIT extends UserEmailRaceTest {
}
