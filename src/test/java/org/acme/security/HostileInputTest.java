package org.acme.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.acme.security.HostileCorpus.Attack;
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

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    static Stream<Attack> corpus() {
        return HostileCorpus.requests().stream();
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
        request = request.headers(attack.headers());
        if (attack.body() != null) {
            request = request.body(attack.body());
        }
        Response response = request.request(attack.method(), attack.path());

        assertThat(response.statusCode()).as("status of %s", attack).isLessThan(500);
        String body = response.asString();
        for (String leak : HostileCorpus.LEAKS) {
            assertThat(body).as("answer to %s", attack).doesNotContain(leak);
        }
        assertThat(response.header("X-Injected")).isNull();
        assertThat(UsersTable.count()).as("rows after %s", attack).isEqualTo(response.statusCode() == 201 ? 1 : 0);
    }
}
