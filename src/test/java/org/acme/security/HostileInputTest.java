package org.acme.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.acme.user.UsersTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Malformed and malicious requests against every endpoint: each gets a client error or a harmless answer, never a
 * 500, and no answer gives away a stack trace, SQL or a class name. Nothing half-written stays in the database.
 */
@QuarkusTest
class HostileInputTest {

    private static final List<String> LEAKS = List.of("Exception", "java.", "org.hibernate", "org.postgresql",
            "io.quarkus", "\tat ", "SELECT ", "INSERT ", "users_email", "SQLState");

    record Attack(String name, String method, String path, String contentType, byte[] body) {
        @Override
        public String toString() {
            return method + " " + (path.length() > 60 ? path.substring(0, 60) + "..." : path) + " (" + name + ")";
        }
    }

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    static Stream<Attack> corpus() {
        List<Attack> attacks = new ArrayList<>();
        List<String> bodies = List.of(
                "", " ", "{", "}", "[", "{\"email\"", "{\"email\":}", "{\"email\":\"a@example.com\"", "{'email':'a@example.com'}",
                "{\"email\":\"a@example.com\",,}", "{\"email\":\"a@example.com\"}}", "null", "true", "0", "-1", "1e309",
                "\"a@example.com\"", "[]", "[[[[]]]]", "{\"email\":[]}", "{\"email\":{}}", "{\"email\":1e999}",
                "{\"email\":null}", "{\"email\":\"\\u0000@example.com\"}", "{\"email\":\"a\\u0007b@example.com\"}",
                "{\"email\":\"a@example.com\\n\\rX-Injected: 1\"}", "{\"email\":\"' OR '1'='1@example.com\"}",
                "{\"email\":\"a@example.com'; DROP TABLE users; --\"}", "{\"email\":\"<script>alert(1)</script>@example.com\"}",
                "{\"email\":\"${jndi:ldap://127.0.0.1/a}@example.com\"}", "{\"email\":\"%s%s%s%n@example.com\"}",
                "{\"email\":\"../../etc/passwd\"}", "{\"email\":\"" + "a".repeat(300) + "@example.com\"}",
                "{\"email\":\"a@" + "b".repeat(100_000) + ".com\"}", "{\"email\":\"\\ud800@example.com\"}",
                "{\"email\":\"a@example.com\",\"id\":-1}", "{\"email\":\"a@example.com\",\"id\":\"x\"}",
                "{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}",
                "[" .repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(5000) + "1" + "}".repeat(5000),
                "{\"email\":\"a@example.com\",\"x\":\"" + "y".repeat(900_000) + "\"}",
                "{\"email\":9223372036854775808}", "{\"email\":true}", "{\"email\":-0.0}");
        for (String body : bodies) {
            attacks.add(new Attack("body", "POST", "/users", "application/json", body.getBytes(StandardCharsets.UTF_8)));
            attacks.add(new Attack("body", "PUT", "/users/1", "application/json", body.getBytes(StandardCharsets.UTF_8)));
        }
        byte[][] rawBodies = {
                { '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xc3, '"', '}' },
                { (byte) 0xff, (byte) 0xfe, '{', '}' },
                { (byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', 'x', '@', 'y', '.', 'z', '"', '}' },
                { '{', 0, '}' },
        };
        for (byte[] body : rawBodies) {
            attacks.add(new Attack("bytes", "POST", "/users", "application/json", body));
        }
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json; charset=nope",
                "*/*", "application/json\r\nX-Injected: 1")) {
            attacks.add(new Attack("content type", "POST", "/users", contentType,
                    "{\"email\":\"ct@example.com\"}".getBytes(StandardCharsets.UTF_8)));
        }
        for (String path : List.of("/users/abc", "/users/-1", "/users/0", "/users/1.0", "/users/1e3",
                "/users/99999999999999999999", "/users/%00", "/users/..%2F..%2Fetc%2Fpasswd", "/users/../../etc/passwd",
                "/users/1;DROP%20TABLE%20users", "/users/'%20OR%20'1'='1", "/users/%27", "/users/%E2%80%AE",
                "/users//1", "/users/1/", "/users/1/extra", "/USERS", "/q/../users", "/%2e%2e/%2e%2e/etc/passwd",
                "/users?page=1%27", "/users?page=" + "9".repeat(5000), "/users?size=" + "1".repeat(200),
                "/users?page=-2147483648", "/users?page=2147483647&size=100", "/users?page=0x10", "/users?page=%00",
                "/users?page=1&page=2", "/users?size=1e2", "/users?page=%20", "/users?" + "a=b&".repeat(500),
                "/?x=" + "y".repeat(4000))) {
            attacks.add(new Attack("path", "GET", path, null, null));
        }
        for (String method : List.of("DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE")) {
            attacks.add(new Attack("method", method, "/users", "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        }
        attacks.add(new Attack("delete path", "DELETE", "/users/abc", null, null));
        attacks.add(new Attack("delete path", "DELETE", "/users/-1", null, null));
        return attacks.stream();
    }

    @Test
    void theCorpusHasAtLeastOneHundredRequests() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(100);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileRequestsGetAClearAnswerAndLeakNothing(Attack attack) {
        // sent as they are: REST Assured would otherwise try to encode a form body itself
        RequestSpecification request = given().urlEncodingEnabled(false).config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)));
        if (attack.contentType() != null) {
            request = request.header("Content-Type", attack.contentType());
        }
        if (attack.body() != null) {
            request = request.body(attack.body());
        }
        Response response = request.request(attack.method(), attack.path());

        assertThat(response.statusCode()).as("status of %s", attack).isLessThan(500);
        String body = response.asString();
        for (String leak : LEAKS) {
            assertThat(body).as("answer to %s", attack).doesNotContain(leak);
        }
        assertThat(response.header("X-Injected")).isNull();
        assertThat(UsersTable.count()).as("rows after %s", attack).isEqualTo(response.statusCode() == 201 ? 1 : 0);
    }
}
