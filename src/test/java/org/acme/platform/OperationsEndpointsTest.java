package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Health, metrics and the OpenAPI document answer on the management interface, and only there: the API's port
 * knows nothing of them.
 */
@QuarkusTest
class OperationsEndpointsTest {

    private static String management(String path) {
        return ManagementInterface.url(path);
    }

    @Test
    void livenessIsUp() {
        given().get(management("health/live")).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUpAndChecksTheDatabase() {
        given().get(management("health/ready")).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().get("/users").then().statusCode(200);

        given().get(management("metrics")).then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("uri=\"/users\""));
    }

    @Test
    void openApiDescribesTheUsersApi() {
        given().queryParam("format", "json").get(management("openapi")).then().statusCode(200)
                .body("paths", hasKey("/users"))
                .body("paths", hasKey("/users/{id}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi" })
    void theApiPortDoesNotAnswerThem(String path) {
        given().get(path).then().statusCode(404);
    }
}
