package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void metricsShowThePoolsConnections() {
        String metrics = given().get(management("metrics")).then().statusCode(200).extract().asString();

        // what an operator alerts on (docs/production.md, "Metrics and traces"): connections in use and requests
        // waiting for one, against the pool's size
        assertThat(metrics).contains("agroal_active_count{datasource=\"default\"}",
                "agroal_awaiting_count{datasource=\"default\"}",
                "agroal_max_used_count{datasource=\"default\"}",
                "agroal_available_count{datasource=\"default\"}");
    }

    @Test
    void metricsCountHibernatesStatements() {
        double statements = metric("hibernate_statements_total");
        double inserts = metric("hibernate_entities_inserts_total");

        given().contentType("application/json")
                .body("{\"email\":\"metrics-" + UUID.randomUUID() + "@example.com\"}")
                .post("/users").then().statusCode(201);

        assertThat(metric("hibernate_statements_total")).as("Hibernate's statements after a POST /users")
                .isGreaterThan(statements);
        assertThat(metric("hibernate_entities_inserts_total")).as("Hibernate's inserts after a POST /users")
                .isEqualTo(inserts + 1);
    }

    /** The value of the first sample of {@code name} on /q/metrics. */
    private static double metric(String name) {
        String metrics = given().get(management("metrics")).then().statusCode(200).extract().asString();
        Matcher sample = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        assertThat(sample.find()).as("a sample of %s on /q/metrics:%n%s", name, metrics).isTrue();
        return Double.parseDouble(sample.group(1));
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
