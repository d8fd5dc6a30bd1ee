package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.acme.testdb.TestDatabase;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * An operator may give the service's connections a lock_timeout shorter than the statement timeout (here through
 * the same connection options): a lock wait cut short by it is a busy database too, 503 with a retry hint.
 */
@QuarkusTest
@TestProfile(LockTimeoutTest.ShortLockTimeout.class)
class LockTimeoutTest {

    public static class ShortLockTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.additional-jdbc-properties.options",
                    "-c statement_timeout=60s -c lock_timeout=1s");
        }
    }

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void aLockWaitCutShortByLockTimeoutAnswers503AndWritesNothing() throws SQLException {
        long ann = given().contentType(ContentType.JSON).body("{\"email\": \"ann@example.com\"}").post("/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");

        try (Connection lock = TestDatabase.connect()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
            }
            assertBusy(given().get("/users/" + ann));
            assertBusy(given().contentType(ContentType.JSON).body("{\"email\": \"bob@example.com\"}").post("/users"));
            lock.rollback();
        }

        assertThat(UsersTable.count()).isEqualTo(1);
        given().get("/users/" + ann).then().statusCode(200);
    }

    private static void assertBusy(Response response) {
        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertThat(response.jsonPath().getString("detail")).isEqualTo(SlowDatabaseTest.BUSY);
    }
}
