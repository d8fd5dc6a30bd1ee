package org.acme.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * {@code X-Content-Type-Options: nosniff} and {@code Cache-Control: no-store} on every answer of the API, whoever wrote
 * it: a resource, a problem mapper, Quarkus REST's or Vert.x's own 404 and 405, and the 413 of the Vert.x filters of
 * org.acme.http, declared and chunked. (The 408 of the body deadline: RequestBodyDeadlineTest; the 503 while
 * stopping: RefuseRequestsWhileStoppingTest.)
 */
@QuarkusTest
class ApiResponseHeadersTest {

    record Answer(int status, String contentTypeOptions, String cacheControl) {
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                answer("GET / (text)", 200, () -> restAssured(given().get("/"))),
                answer("GET /users (a page of users)", 200, () -> restAssured(given().get("/users"))),
                answer("POST /users (a create)", 201, () -> restAssured(given().contentType(ContentType.JSON)
                        .body("{\"email\": \"headers-" + System.nanoTime() + "@example.com\"}").post("/users"))),
                answer("GET /users/{id} of no user (a 404 problem)", 404,
                        () -> restAssured(given().get("/users/999999999"))),
                answer("GET /users/abc (a 404 problem from the path)", 404,
                        () -> restAssured(given().get("/users/abc"))),
                answer("POST /users of malformed JSON (a 400 problem)", 400, () -> restAssured(
                        given().contentType(ContentType.JSON).body("{\"email\": ").post("/users"))),
                answer("POST /users as text (a 415)", 415, () -> restAssured(
                        given().contentType(ContentType.TEXT).body("x").post("/users"))),
                answer("DELETE / (a 405)", 405, () -> restAssured(given().delete("/"))),
                answer("GET of no route (a 404 of the router)", 404, () -> restAssured(given().get("/no/such/path"))),
                answer("GET /q/health on the API port (a 404)", 404, () -> restAssured(given().get("/q/health"))),
                answer("a declared body over the limit (the filter's 413)", 413, () -> restAssured(
                        given().contentType(ContentType.JSON).body(RequestBodyLimitTest.OVER_THE_LIMIT)
                                .post("/users"))),
                answer("a chunked body over the limit (the filter's 413)", 413,
                        () -> java(RequestBodyLimitTest.postChunked(RequestBodyLimitTest.OVER_THE_LIMIT))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerForbidsSniffingAndStoring(String what, int status, Supplier<Answer> request) {
        Answer answer = request.get();

        assertThat(answer.status()).as(what).isEqualTo(status);
        assertThat(answer.contentTypeOptions()).as(what + ": X-Content-Type-Options").isEqualTo("nosniff");
        assertThat(answer.cacheControl()).as(what + ": Cache-Control").isEqualTo("no-store");
    }

    private interface Request {
        Answer send() throws Exception;
    }

    private static Arguments answer(String what, int status, Request request) {
        Supplier<Answer> supplier = () -> {
            try {
                return request.send();
            } catch (Exception e) {
                throw new AssertionError(what + ": " + e, e);
            }
        };
        return Arguments.of(what, status, supplier);
    }

    private static Answer restAssured(io.restassured.response.Response response) {
        return new Answer(response.statusCode(), response.header("X-Content-Type-Options"),
                response.header("Cache-Control"));
    }

    private static Answer java(HttpResponse<String> response) {
        return new Answer(response.statusCode(), response.headers().firstValue("X-Content-Type-Options").orElse(null),
                response.headers().firstValue("Cache-Control").orElse(null));
    }
}
