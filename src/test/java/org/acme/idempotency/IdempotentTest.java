package org.acme.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * {@link Idempotent} on a create with several fields (IdempotentProbeResource, in the test application only): the
 * fingerprint is the method, the path and the whole body as canonical JSON.
 */
@QuarkusTest
class IdempotentTest {

    private static final String KEY = "0f5b1c52-6a43-4d1e-9d0b-0c7e8e1b2a11";
    private static final String SHIPMENTS = IdempotentProbeResource.PATH + "/shipments";
    private static final String RETURNS = IdempotentProbeResource.PATH + "/returns";
    private static final String SHIPMENT = """
            {"item": "pen", "quantity": %d, "to": {"street": "1 Main St", "city": "%s"},
             "labels": {"colour": "blue", "gift": "%s"}}""";
    private static final String PENS = SHIPMENT.formatted(2, "Oslo", "yes");

    @BeforeEach
    void startFromAnEmptyTable() {
        IdempotencyKeysTable.clear();
    }

    /** A field at the top, one in a nested object and one in a map. */
    @ParameterizedTest
    @CsvSource({ "3, Oslo, yes", "2, Bergen, yes", "2, Oslo, no" })
    void theSameKeyWithOneFieldChangedAnswers422(int quantity, String city, String gift) {
        post(SHIPMENTS, PENS).then().statusCode(201);

        post(SHIPMENTS, SHIPMENT.formatted(quantity, city, gift)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", equalTo("This Idempotency-Key was already used for a different request; a new "
                        + "request needs a new key"));
    }

    @Test
    void theSameBodyWithItsKeysInAnotherOrderAndOtherWhiteSpaceIsAReplay() {
        Response first = post(SHIPMENTS, PENS);
        Response reordered = post(SHIPMENTS, """
                {
                  "labels" : { "gift" : "yes", "colour" : "blue" },
                  "to" : { "city" : "Oslo", "street" : "1 Main St" },
                  "quantity" : 2,
                  "item" : "pen"
                }""");

        first.then().statusCode(201);
        assertThat(first.header(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        reordered.then().statusCode(201).header(IdempotencyKeys.REPLAYED_HEADER, "true");
        assertThat(reordered.asString()).isEqualTo(first.asString());
        assertThat(reordered.header("Location")).isEqualTo(first.header("Location"))
                .isEqualTo(SHIPMENTS + "/" + first.jsonPath().getLong("id"));
        assertThat(IdempotencyKeysTable.count()).isEqualTo(1);
    }

    @Test
    void theSameKeyAndBodyOnAnotherPathIsNotAReplayOfTheFirst() {
        post(SHIPMENTS, PENS).then().statusCode(201);

        Response onAnotherPath = post(RETURNS, PENS);

        onAnotherPath.then().statusCode(422).contentType("application/problem+json");
        assertThat(onAnotherPath.header(IdempotencyKeys.REPLAYED_HEADER)).isNull();
    }

    @Test
    void withoutAuthenticationTheKeysClientScopeIsEmpty() {
        post(SHIPMENTS, PENS).then().statusCode(201);

        assertThat(IdempotencyKeysTable.clientScope(KEY)).isEmpty();
    }

    private static Response post(String path, String body) {
        return given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, KEY).body(body).post(path);
    }
}
