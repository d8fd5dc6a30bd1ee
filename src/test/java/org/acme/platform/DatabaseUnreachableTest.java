package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** With no database to talk to, the service says so: not ready, and 503 with a retry hint instead of a 500. */
@QuarkusTest
@TestProfile(DatabaseUnreachableTest.NoDatabase.class)
class DatabaseUnreachableTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // port 1 on the loopback: nothing listens there, connections are refused at once
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/nowhere",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none",
                    "quarkus.hibernate-orm.database.version-check.enabled", "false");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true; // the test database would replace the unreachable URL
        }
    }

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "health/live", management = true)
    URL liveness;

    /**
     * Anyone who reaches the management port reads the probe: it says DOWN and nothing of why (no host, no
     * exception, no stack trace), the whole answer being exactly this.
     */
    @Test
    void readinessIsDownWith503AndGivesNoReasonAway() {
        Response answer = given().get(readiness);

        answer.then().statusCode(503);
        assertThat(answer.jsonPath().getMap("$")).containsOnlyKeys("status", "checks").containsEntry("status", "DOWN");
        assertThat(answer.jsonPath().getList("checks")).containsExactlyInAnyOrder(
                Map.of("name", "Graceful Shutdown", "status", "UP"),
                Map.of("name", "Database connections health check", "status", "DOWN",
                        "data", Map.of("<default>", "no working connection")));
    }

    @Test
    void livenessStaysUpSoTheProcessIsNotRestartedForNothing() {
        given().get(liveness).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void requestsThatNeedTheDatabaseAnswer503WithRetryAfter() {
        given().get("/users/1").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", equalTo("The database is unavailable; try again shortly"));
    }
}
