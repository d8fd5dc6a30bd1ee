package org.acme.idempotency;

import static org.acme.idempotency.IdempotencyKeysTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.acme.platform.LostConnectionTest;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * IDEMPOTENCY_KEY_TTL set to other than its default (90m, in a profile shared to save an application start): a key
 * is replayed while younger than that, and replaced once older. A key is aged by moving its times back.
 */
@QuarkusTest
@TestProfile(LostConnectionTest.ShortSocketTimeout.class)
class IdempotencyKeysLifetimeTest {

    private static final Duration TTL = LostConnectionTest.ShortSocketTimeout.IDEMPOTENCY_KEY_TTL;

    @BeforeEach
    void startFromEmptyTables() {
        IdempotencyKeysTable.clear();
        UsersTable.clear();
    }

    @Test
    void aKeyYoungerThanTheLifetimeIsReplayedAndAnOlderOneReplaced() {
        long ann = post("young", "{\"email\": \"ann@example.com\"}").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        post("old", "{\"email\": \"bob@example.com\"}").then().statusCode(201);
        assertThat(IdempotencyKeysTable.lifetimeSeconds("young")).isEqualTo(TTL.toSeconds());
        IdempotencyKeysTable.age("young", TTL.minusMinutes(1));
        IdempotencyKeysTable.age("old", TTL.plusSeconds(1));

        post("young", "{\"email\": \"ann@example.com\"}").then().statusCode(201)
                .header(IdempotencyKeys.REPLAYED_HEADER, "true").body("id", equalTo((int) ann));
        Response replaced = post("old", "{\"email\": \"cy@example.com\"}");

        replaced.then().statusCode(201).body("email", equalTo("cy@example.com"));
        assertThat(replaced.header(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        assertThat(UsersTable.count()).isEqualTo(3);
    }
}
