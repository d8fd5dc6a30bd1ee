package org.acme.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.acme.platform.StoppingApplication;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The 503 that the document gives every operation: once the service is stopping, each operation of the document,
 * sent with a body made from its schema, is answered 503 with Retry-After and a problem document (the lost and busy
 * database's 503s: org.acme.platform's tests).
 */
@QuarkusTest
@TestProfile(StoppingApplication.class)
class ServiceUnavailableContractTest {

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdown;

    @Test
    void everyOperationIsAnswered503AsDocumentedOnceTheServiceStops() {
        // made while the service serves: a valid body may refer to a resource that must be created first
        Map<DocumentedOperation, String> bodies = new LinkedHashMap<>();
        ServedDocument.operations().forEach(operation -> bodies.put(operation, operation.validBody()));
        assertThat(bodies).as("the operations of the document").isNotEmpty();

        shutdown.fire(new ShutdownDelayInitiatedEvent());

        bodies.forEach((operation, body) -> {
            Response response = operation.send(operation.pathWith("1"), body);

            operation.assertAnsweredAsDocumented(503, response);
        });
    }
}
