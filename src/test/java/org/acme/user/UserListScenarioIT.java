package org.acme.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The scenario-based listing tests again, against the packaged application. */
@QuarkusIntegrationTest
class UserListScenarioIT extends UserListScenarioTest {
}
