package org.acme.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * A body over {@code quarkus.http.limits.max-body-size} (16 KiB, see application.properties) is refused, and nothing
 * of it is stored; the largest valid request, even generously formatted, fits well within it.
 */
@QuarkusTest
class RequestBodyLimitTest {

    static final String OVER_THE_LIMIT = "{\"email\": \"" + "a".repeat(16 * 1024) + "@example.com\"}";

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void aDeclaredBodyOverTheLimitGetsA413ProblemBeforeItIsRead() {
        given().contentType(ContentType.JSON).body(OVER_THE_LIMIT).post("/users").then()
                .statusCode(413)
                .contentType("application/problem+json")
                .header("Connection", "close")
                .body("status", equalTo(413))
                .body("title", equalTo("Content Too Large"))
                .body("detail", equalTo("The request body is larger than the limit of 16384 bytes"))
                .body("instance", equalTo("/users"));
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void theLargestValidRequestWithRoomForFormattingIsAccepted() {
        // the longest email the API takes (254 characters), indented as a client's pretty-printer might
        String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        String body = "{\n" + " ".repeat(8 * 1024) + "\"email\": \"" + email + "\"\n}";
        assertThat(email).hasSize(254);

        given().contentType(ContentType.JSON).body(body).post("/users").then().statusCode(201);
    }

    /** A body sent in chunks declares no length: it is counted as it arrives, and refused once over the limit. */
    @Test
    void aChunkedBodyOverTheLimitGetsTheSame413Problem() throws Exception {
        HttpResponse<String> response = postChunked(OVER_THE_LIMIT);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Connection")).hasValue("close");
        assertThat(new JsonObject(response.body()).getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "status", 413,
                "title", "Content Too Large",
                "detail", "The request body is larger than the limit of 16384 bytes",
                "instance", "/users"));
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServed() throws Exception {
        HttpResponse<String> response = postChunked("{\"email\": \"chunked@example.com\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    static HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI users = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/users");
        HttpRequest request = HttpRequest.newBuilder(users)
                .header("Content-Type", "application/json")
                // a stream of unknown length goes out chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }
}
