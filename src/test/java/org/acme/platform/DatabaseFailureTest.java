package org.acme.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.acme.testdb.TestDatabase;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Database failures that are neither a busy nor an unreachable database, made real by triggers on the users table
 * that fire for one email only: an error nobody foresaw stays a bare 500, and a commit that ends without an answer
 * is a 503 saying that the change may or may not have been saved.
 */
@QuarkusTest
class DatabaseFailureTest {

    private static final String REFUSED = "refused@example.com";
    private static final String UNCONFIRMED = "unconfirmed@example.com";
    private static final String TRIGGER_MESSAGE = "refused by a test trigger";

    @BeforeEach
    void startFromAnEmptyTableWithTheTriggers() throws SQLException {
        UsersTable.clear();
        sql("CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION '" + TRIGGER_MESSAGE + ": %', NEW.email; END $$");
        sql("CREATE TRIGGER test_refuse BEFORE INSERT ON users FOR EACH ROW "
                + "WHEN (NEW.email = '" + REFUSED + "') EXECUTE FUNCTION test_refuse()");
        // The session ends itself (SIGTERM to its own backend) while COMMIT runs the deferred trigger: the client
        // gets no answer to its COMMIT, as when PostgreSQL goes away at that moment. pg_sleep waits for the signal.
        sql("CREATE FUNCTION test_end_session() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(10); RETURN NULL; END $$");
        sql("CREATE CONSTRAINT TRIGGER test_end_session_at_commit AFTER INSERT ON users "
                + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                + "WHEN (NEW.email = '" + UNCONFIRMED + "') EXECUTE FUNCTION test_end_session()");
    }

    @AfterEach
    void dropTheTriggers() throws SQLException {
        sql("DROP TRIGGER IF EXISTS test_refuse ON users");
        sql("DROP TRIGGER IF EXISTS test_end_session_at_commit ON users");
        sql("DROP FUNCTION IF EXISTS test_refuse()");
        sql("DROP FUNCTION IF EXISTS test_end_session()");
    }

    @Test
    void anUnforeseenDatabaseErrorIsA500ThatGivesNothingAway() {
        Response response = post(REFUSED);

        response.then().statusCode(500).contentType("application/problem+json");
        assertThat(response.jsonPath().getMap("$")).containsOnlyKeys("status", "title", "instance");
        assertThat(response.jsonPath().getString("title")).isEqualTo("Internal Server Error");
        assertThat(response.asString()).doesNotContain(TRIGGER_MESSAGE, REFUSED, "plpgsql", "P0001");
        for (String leak : SlowDatabaseTest.LEAKS) {
            assertThat(response.asString()).doesNotContain(leak);
        }
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void aCommitLeftWithoutAnswerIsA503SayingTheChangeMayOrMayNotHaveBeenSaved() throws SQLException {
        Response response = post(UNCONFIRMED);

        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertThat(response.jsonPath().getString("detail")).isEqualTo(
                "The database did not confirm the change, which may or may not have been saved; try again shortly");
        for (String leak : SlowDatabaseTest.LEAKS) {
            assertThat(response.asString()).doesNotContain(leak);
        }

        // what the answer advises: a retry gets 201, or 409 when the first attempt had been saved
        dropTheTriggers();
        assertThat(post(UNCONFIRMED).statusCode()).isIn(201, 409);
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    private static Response post(String email) {
        return given().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\"}").post("/users");
    }

    private static void sql(String sql) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
