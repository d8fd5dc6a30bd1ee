package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.acme.database.FailingWrites;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Every failure that PostgreSQL reports as passing is a 503 with Retry-After, never a 500: a database switched to
 * read-only for real (as a failover to a standby is), and each transient SQLState raised by PostgreSQL itself on a
 * write ({@link FailingWrites}), through the driver, Hibernate and the transaction manager as a real one is.
 */
@QuarkusTest
class TransientDatabaseFailuresTest {

    @BeforeEach
    void startFromAnEmptyTable() throws SQLException {
        UsersTable.clear();
        FailingWrites.install();
    }

    @AfterEach
    void removeTheTrigger() throws Exception {
        FailingWrites.remove();
        ServiceSessions.readOnly(false);
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesWith503AndKeepsAnsweringReads() throws Exception {
        long ann = create("ann@example.com");

        ServiceSessions.readOnly(true);

        String detail = "The database accepts no changes at the moment; try again shortly";
        assertRetryable(given().contentType(ContentType.JSON).body("{\"email\": \"bob@example.com\"}")
                .post("/users"), detail);
        assertRetryable(given().contentType(ContentType.JSON).body("{\"email\": \"new@example.com\"}")
                .put("/users/" + ann), detail);
        assertRetryable(given().delete("/users/" + ann), detail);
        given().get("/users/" + ann).then().statusCode(200);
        given().get("/users").then().statusCode(200);
        assertThat(UsersTable.count()).isEqualTo(1);

        ServiceSessions.readOnly(false);

        create("bob@example.com");
    }

    @ParameterizedTest(name = "SQLState {0}")
    @CsvSource(delimiter = '|', value = {
            "25006 | The database accepts no changes at the moment; try again shortly",
            "53100 | The database is out of resources; try again shortly",
            "53200 | The database is out of resources; try again shortly",
            "53300 | The database is busy; try again shortly",
            "57P01 | The database became unavailable before the change was saved; try again shortly",
            "57P02 | The database became unavailable before the change was saved; try again shortly",
            "57P03 | The database became unavailable before the change was saved; try again shortly",
            "08006 | The database is unavailable; try again shortly",
            "40001 | The change collided with concurrent changes and was not saved; try again shortly",
            "40P01 | The change collided with concurrent changes and was not saved; try again shortly" })
    void aTransientSqlStateOnAWriteIs503WithRetryAfter(String sqlState, String detail) throws SQLException {
        long ann = create("ann@example.com");

        assertRetryable(given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + FailingWrites.email(sqlState, FailingWrites.ALWAYS, "new") + "\"}")
                .post("/users"), detail);
        assertRetryable(given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + FailingWrites.email(sqlState, FailingWrites.ALWAYS, "changed") + "\"}")
                .put("/users/" + ann), detail);

        assertThat(UsersTable.count()).isEqualTo(1);
        assertThat(given().get("/users/" + ann).jsonPath().getString("email")).isEqualTo("ann@example.com");
    }

    static void assertRetryable(Response response, String detail) {
        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertThat(response.jsonPath().getString("detail")).isEqualTo(detail);
        for (String leak : SlowDatabaseTest.LEAKS) {
            assertThat(response.asString()).doesNotContain(leak);
        }
    }

    private static long create(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\"}").post("/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
