package org.acme.platform;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application for the tests that tell it to stop: it refuses every request afterwards, so no other test may use
 * it, and each of its tests tells it to stop first thing (the first to run stops it for the others).
 */
public class StoppingApplication implements QuarkusTestProfile {
}
