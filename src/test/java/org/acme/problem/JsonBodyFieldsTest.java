package org.acme.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.acme.idempotency.IdempotentProbeResource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A field of a request record that Jackson cannot read is a 400 that names the field and says what it must be,
 * whatever the resource (here a test resource whose body is a record with a whole number and a nested record).
 */
@QuarkusTest
class JsonBodyFieldsTest {

    private static final String PATH = IdempotentProbeResource.PATH + "/shipments";

    @Test
    void aWholeNumberTooLargeForItsFieldNamesTheFieldAndTheRange() {
        given().contentType(ContentType.JSON).body("{\"item\": \"box\", \"quantity\": 2147483648}").post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("The field quantity is out of range"))
                .body("violations.field", contains("quantity"))
                .body("violations[0].message", equalTo("must be a whole number from -2147483648 to 2147483647"));
    }

    @Test
    void aNestedFieldOfTheWrongTypeIsNamedByItsPath() {
        given().contentType(ContentType.JSON).body("{\"item\": \"box\", \"to\": {\"city\": []}}").post(PATH)
                .then().statusCode(400)
                .body("violations.field", contains("to.city"))
                .body("violations[0].message", equalTo("must be a string"));
    }
}
