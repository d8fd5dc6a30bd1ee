package org.acme.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
        List<DocumentedOperation> operations = ServedDocument.operations();

        shutdown.fire(new ShutdownDelayInitiatedEvent());

        operations.forEach(operation -> {
            Response response = operation.send(operation.pathWith("1"), operation.validBody());

            operation.assertAnsweredAsDocumented(503, response);
        });
    }
}
