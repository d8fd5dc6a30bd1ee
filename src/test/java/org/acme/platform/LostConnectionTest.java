package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.acme.platform.TransientDatabaseFailuresTest.assertRetryable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A connection that breaks under a request: the driver gives up on a connection whose statement gets no answer
 * within its socket timeout (here, one that waits on a row lock), as when the network to the database fails. The
 * answer says where it broke: in the middle of a request, or before the change was committed.
 */
@QuarkusTest
@TestProfile(LostConnectionTest.ShortSocketTimeout.class)
public class LostConnectionTest {

    public static class ShortSocketTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "2",
                    // the driver setting above wins; this only lifts the check that the socket timeout outlasts
                    // the statement timeout, which this test breaks on purpose
                    "POSTGRES_SOCKET_TIMEOUT", "0",
                    // far longer, so that the socket timeout is what ends the wait
                    "POSTGRES_STATEMENT_TIMEOUT", "60s");
        }
    }

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void aConnectionLostInTheMiddleOfAnUpdateIsAnUnavailableDatabase() throws Exception {
        long ann = create("ann@example.com");

        try (DatabaseLock lock = DatabaseLock.hold("SELECT id FROM users WHERE id = " + ann + " FOR UPDATE")) {
            // the UPDATE of a PUT runs in the resource method
            assertRetryable(given().contentType(ContentType.JSON).body("{\"email\": \"new@example.com\"}")
                    .put("/users/" + ann), "The database is unavailable; try again shortly");
        }

        assertThat(given().get("/users/" + ann).jsonPath().getString("email")).isEqualTo("ann@example.com");
    }

    @Test
    void aConnectionLostBeforeTheCommitSaysThatTheChangeWasNotSaved() throws Exception {
        long ann = create("ann@example.com");

        try (DatabaseLock lock = DatabaseLock.hold("SELECT id FROM users WHERE id = " + ann + " FOR UPDATE")) {
            // the DELETE of a DELETE runs when the transaction commits, before its COMMIT
            assertRetryable(given().delete("/users/" + ann),
                    "The database became unavailable before the change was saved; try again shortly");
        }

        given().get("/users/" + ann).then().statusCode(200);
    }

    private static long create(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\"}").post("/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
