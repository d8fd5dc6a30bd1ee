package org.acme.user;

import org.acme.testdb.TestDatabaseResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
@WithTestResource(TestDatabaseResource.class)
class UserEmailRaceIT extends UserEmailRaceTest {
}
