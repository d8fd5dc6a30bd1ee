package org.acme.security;

import org.acme.testdb.TestDatabaseResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
@WithTestResource(TestDatabaseResource.class)
class HostileInputIT extends HostileInputTest {
}
