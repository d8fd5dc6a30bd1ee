package org.acme.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.acme.platform.StoppingApplication;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.Operation;

/**
 * The 503 that the document gives every operation: once the service is stopping, each operation is answered 503
 * with Retry-After and a problem document (the lost and busy database's 503s: org.acme.platform's tests).
 */
@QuarkusTest
@TestProfile(StoppingApplication.class)
class ServiceUnavailableContractTest {

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdown;

    @Test
    void everyOperationIsAnswered503AsDocumentedOnceTheServiceStops() {
        Map<String, Operation> operations = OpenApiDocumentTest.operations();

        shutdown.fire(new ShutdownDelayInitiatedEvent());

        assertThat(operations).hasSize(6);
        operations.forEach((name, operation) -> {
            String method = name.substring(0, name.indexOf(' '));
            String path = name.substring(name.indexOf(' ') + 1).replace("{id}", "1");
            RequestSpecification request = method.matches("POST|PUT")
                    ? given().contentType(ContentType.JSON).body("{\"email\": \"late@example.com\"}")
                    : given();
            Response response = request.request(method, path);

            assertThat(response.statusCode()).as(name).isEqualTo(503);
            OpenApiDocumentTest.assertAsDocumented(OpenApiDocumentTest.response(name, 503), response);
        });
    }
}
