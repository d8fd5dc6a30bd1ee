package org.acme.http;

import static io.restassured.RestAssured.given;
import static org.acme.http.RefuseRequestsWhileStoppingTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.acme.platform.StoppingApplication;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The whole service once told to stop (no shutdown delay, as configured outside Kubernetes): the filter answers
 * ahead of every route of the API, and nothing reaches the database. The management interface is not behind it:
 * liveness still answers, so the kubelet does not restart a pod that is finishing its requests. The delay is shown
 * by RefuseRequestsWhileStoppingTest, where the clock can be moved.
 */
@QuarkusTest
@TestProfile(StoppingApplication.class)
class StoppingServiceTest {

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdown;

    @TestHTTPResource(value = "health/live", management = true)
    URL liveness;

    @Test
    void onceToldToStopEveryRequestGets503WithRetryAfterAndTheConnectionClosed() {
        UsersTable.clear();

        // that requests are served until then is RefuseRequestsWhileStoppingTest's: the application may be stopped
        // already, by another test of its profile
        shutdown.fire(new ShutdownDelayInitiatedEvent());

        assertRefused(given().get("/users"));
        assertRefused(given().contentType(ContentType.JSON).body("{\"email\": \"late@example.com\"}").post("/users"));
        assertRefused(given().get("/"));
        assertThat(UsersTable.count()).isZero();
        given().get(liveness).then().statusCode(200);
    }
}
