package org.acme.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A write that PostgreSQL rolls back for a serialization failure or a deadlock is tried again as a whole new
 * transaction, at most {@link RetryConflicts#MAX_RETRIES} more times; the client sees the success, or once the
 * tries are used up a 503 with Retry-After. Other failures are not tried again.
 */
@QuarkusTest
class RetryConflictsTest {

    static final String COLLIDED = "The change collided with concurrent changes and was not saved; try again shortly";

    @BeforeEach
    void startFromAnEmptyTable() throws SQLException {
        UsersTable.clear();
        FailingWrites.install();
    }

    @AfterEach
    void removeTheTrigger() throws SQLException {
        FailingWrites.remove();
    }

    @ParameterizedTest
    @ValueSource(strings = { "40001", "40P01" })
    void aCreateThatCollidesTwiceIsSavedOnceOnTheThirdTry(String sqlState) throws SQLException {
        String email = FailingWrites.email(sqlState, 2, "ann");

        given().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\"}").post("/users")
                .then().statusCode(201);

        assertThat(FailingWrites.tries()).isEqualTo(3);
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    @Test
    void anUpdateThatCollidesOnceIsSavedOnTheSecondTry() throws SQLException {
        long ann = given().contentType(ContentType.JSON).body("{\"email\": \"ann@example.com\"}").post("/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        String email = FailingWrites.email("40001", 1, "ann");

        given().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\"}").put("/users/" + ann)
                .then().statusCode(200);

        assertThat(FailingWrites.tries()).isEqualTo(2);
        assertThat(given().get("/users/" + ann).jsonPath().getString("email")).isEqualTo(email);
    }

    @Test
    void aWriteThatKeepsCollidingIsTriedABoundedNumberOfTimesThenAnswered503() throws SQLException {
        Response response = given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + FailingWrites.email("40P01", FailingWrites.ALWAYS, "ann") + "\"}")
                .post("/users");

        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertThat(response.jsonPath().getString("detail")).isEqualTo(COLLIDED);
        assertThat(FailingWrites.tries()).isEqualTo(1 + RetryConflicts.MAX_RETRIES);
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void otherFailuresAreNotTriedAgain() throws SQLException {
        given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + FailingWrites.email("25006", FailingWrites.ALWAYS, "ann") + "\"}")
                .post("/users").then().statusCode(503);
        given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + FailingWrites.email("23514", FailingWrites.ALWAYS, "bob") + "\"}")
                .post("/users").then().statusCode(500);

        assertThat(FailingWrites.tries()).isEqualTo(2);
    }
}
