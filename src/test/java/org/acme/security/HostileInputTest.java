package org.acme.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

    private static final List<Attack> CORPUS = HostileCorpus.requests();
    /** How many answers each request of the corpus, by its index, got in this run. */
    private static final Map<Integer, Integer> ANSWERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void noAnswersYet() {
        ANSWERS.clear();
    }

    /** The corpus runs as a whole: a run of part of it (one request from an IDE, say) ends failing here. */
    @AfterAll
    static void everyRequestOfTheCorpusWasSentOnceAndAnswered() {
        List<String> notOnce = IntStream.range(0, CORPUS.size())
                .filter(index -> ANSWERS.getOrDefault(index, 0) != 1)
                .mapToObj(index -> "#" + index + " " + CORPUS.get(index) + ": " + ANSWERS.getOrDefault(index, 0))
                .toList();
        assertThat(notOnce).as("requests of the corpus not answered exactly once (answers)").isEmpty();
    }

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    static Stream<Arguments> corpus() {
        return IntStream.range(0, CORPUS.size()).mapToObj(index -> Arguments.of(index, CORPUS.get(index)));
    }

    @Test
    void theCorpusHoldsNoRequestTwice() {
        List<List<Attack>> alike = CORPUS.stream().collect(Collectors.groupingBy(HostileInputTest::content))
                .values().stream().filter(attacks -> attacks.size() > 1).toList();
        assertThat(alike).as("requests that the corpus holds more than once").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void hostileRequestsGetAClearAnswerAndLeakNothing(int index, Attack attack) {
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
        ANSWERS.merge(index, 1, Integer::sum);

        assertThat(response.statusCode()).as("status of %s", attack).isLessThan(500);
        String body = response.asString();
        for (String leak : HostileCorpus.LEAKS) {
            assertThat(body).as("answer to %s", attack).doesNotContain(leak);
        }
        assertThat(response.header("X-Injected")).isNull();
        assertThat(UsersTable.count()).as("rows after %s", attack).isEqualTo(response.statusCode() == 201 ? 1 : 0);
    }

    /** What is sent: two requests alike but for their name are the same request. */
    private static List<Object> content(Attack attack) {
        return Arrays.asList(attack.method(), attack.path(), attack.contentType(),
                attack.body() == null ? null : ByteBuffer.wrap(attack.body()), attack.headers());
    }
}
