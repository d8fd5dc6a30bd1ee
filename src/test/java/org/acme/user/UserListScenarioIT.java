package org.acme.user;

import org.acme.testdb.TestDatabaseResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The scenario-based listing tests again, against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(TestDatabaseResource.class)
class UserListScenarioIT extends UserListScenarioTest {
}
