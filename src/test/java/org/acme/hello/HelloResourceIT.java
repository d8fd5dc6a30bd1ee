package org.acme.hello;

import org.acme.testdb.TestDatabaseResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
@WithTestResource(TestDatabaseResource.class)
class HelloResourceIT extends HelloResourceTest {
}
