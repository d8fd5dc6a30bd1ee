package org.acme.hello;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HelloResourceTest {

    @Test
    void rootAnswersHelloWorldAsPlainText() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(equalTo("Hello, World!"));
    }
}
