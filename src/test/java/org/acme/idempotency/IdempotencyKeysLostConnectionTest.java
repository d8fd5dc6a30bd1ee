package org.acme.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.acme.platform.DatabaseLock;
import org.acme.platform.LostConnectionTest;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The key is written in the create's transaction: when the connection breaks after the key was claimed and before
 * the commit, neither the key nor the user is left behind, and the retry with the key is a create.
 */
@QuarkusTest
@TestProfile(LostConnectionTest.ShortSocketTimeout.class)
class IdempotencyKeysLostConnectionTest {

    private static final String KEY = "lost-connection";

    @BeforeEach
    void startFromEmptyTables() {
        IdempotencyKeysTable.clear();
        UsersTable.clear();
    }

    @Test
    void aConnectionLostAfterTheKeyWasClaimedLeavesNeitherKeyNorUser() throws Exception {
        try (DatabaseLock lock = DatabaseLock.hold("LOCK TABLE users IN EXCLUSIVE MODE")) {
            // the key's row is written, then the insert into users waits until the socket timeout breaks the connection
            post().then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        }
        assertThat(IdempotencyKeysTable.count()).isZero();
        assertThat(UsersTable.count()).isZero();

        Response retry = post();

        retry.then().statusCode(201);
        assertThat(retry.header(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        assertThat(UsersTable.count()).isEqualTo(1);
        assertThat(IdempotencyKeysTable.count()).isEqualTo(1);
    }

    private static Response post() {
        return given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, KEY)
                .body("{\"email\": \"ann@example.com\"}").post("/users");
    }
}
