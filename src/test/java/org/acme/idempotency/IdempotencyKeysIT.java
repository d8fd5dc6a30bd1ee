package org.acme.idempotency;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class IdempotencyKeysIT extends IdempotencyKeysTest {
}
