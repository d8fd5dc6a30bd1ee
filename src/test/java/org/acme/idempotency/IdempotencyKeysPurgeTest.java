package org.acme.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The hourly purge, called here directly; it needs the bean, so it has no IT. */
@QuarkusTest
class IdempotencyKeysPurgeTest {

    @Inject
    IdempotencyKeys idempotencyKeys;

    @BeforeEach
    void startFromEmptyTables() {
        IdempotencyKeysTable.clear();
        UsersTable.clear();
    }

    @Test
    void thePurgeDeletesExpiredKeysAndKeepsTheOthers() {
        IdempotencyKeysTable.insertExpired("old-1");
        IdempotencyKeysTable.insertExpired("old-2");
        given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, "live")
                .body("{\"email\": \"ann@example.com\"}").post("/users").then().statusCode(201);

        assertThat(idempotencyKeys.deleteExpired()).isEqualTo(2);
        assertThat(IdempotencyKeysTable.count()).isEqualTo(1);
        given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, "live")
                .body("{\"email\": \"ann@example.com\"}").post("/users").then().statusCode(201)
                .header(IdempotencyKeys.REPLAYED_HEADER, "true");
    }
}
