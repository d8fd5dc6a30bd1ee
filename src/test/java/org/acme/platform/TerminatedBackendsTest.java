package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The service's connections killed while they wait idle in the pool, as {@code pg_terminate_backend}, an
 * {@code idle_session_timeout}, a connection-killing proxy or a database restart does: the pool checks a connection
 * that has been idle before it hands it out and replaces a dead one, so that no request pays for it
 * (foreground-validation-interval in application.properties; without it the first requests get a 503), and
 * readiness says UP (org.acme.database.DatabaseReadiness; Quarkus's own check said DOWN).
 */
@QuarkusTest
class TerminatedBackendsTest {

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void requestsAfterThePoolsBackendsWereTerminatedAllSucceed() throws Exception {
        long ann = given().contentType(ContentType.JSON).body("{\"email\": \"ann@example.com\"}").post("/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        given().get("/users").then().statusCode(200);

        assertThat(ServiceSessions.terminate()).as("pooled connections terminated").isPositive();
        // the database is up: readiness must say so, dead pooled connections or not
        given().get(ManagementInterface.url("health/ready")).then().statusCode(200);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(given().get(i % 2 == 0 ? "/users/" + ann : "/users").statusCode());
        }
        statuses.add(given().contentType(ContentType.JSON).body("{\"email\": \"bob@example.com\"}").post("/users")
                .statusCode());
        assertThat(statuses).containsOnly(200, 201);
    }
}
