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

import org.acme.openapi.DocumentedOperation;
import org.acme.openapi.ServedDocument;
import org.acme.security.HostileCorpus.Attack;
import org.acme.security.HostileCorpus.Endpoint;
import org.acme.testdb.ApiTables;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * Malformed and malicious requests against every operation that the OpenAPI document lists: each gets a client
 * error or a harmless answer, never a 500, and no answer gives away a stack trace, SQL or a class name. Nothing
 * half-written stays in the database.
 */
@QuarkusTest
class HostileInputTest {

    /** Made from the served document once the service runs: see {@link #requests()}. */
    private static List<Attack> corpus;
    /** How many answers each request of the corpus, by its index, got in this run. */
    private static final Map<Integer, Integer> ANSWERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void noAnswersYet() {
        ANSWERS.clear();
    }

    /** The corpus runs as a whole: a run of part of it (one request from an IDE, say) ends failing here. */
    @AfterAll
    static void everyRequestOfTheCorpusWasSentOnceAndAnswered() {
        List<Attack> corpus = requests();
        List<String> notOnce = IntStream.range(0, corpus.size())
                .filter(index -> ANSWERS.getOrDefault(index, 0) != 1)
                .mapToObj(index -> "#" + index + " " + corpus.get(index) + ": " + ANSWERS.getOrDefault(index, 0))
                .toList();
        assertThat(notOnce).as("requests of the corpus not answered exactly once (answers)").isEmpty();
    }

    @BeforeEach
    void startFromEmptyTables() {
        ApiTables.clear();
    }

    static Stream<Arguments> corpus() {
        List<Attack> corpus = requests();
        return IntStream.range(0, corpus.size()).mapToObj(index -> Arguments.of(index, corpus.get(index)));
    }

    /** The corpus for every operation of the served document. */
    static synchronized List<Attack> requests() {
        if (corpus == null) {
            corpus = HostileCorpus.requests(ServedDocument.operations().stream().map(HostileInputTest::endpoint)
                    .toList());
        }
        return corpus;
    }

    /** The operation as the corpus needs it: its query parameters, and a valid body and a text field of it. */
    static Endpoint endpoint(DocumentedOperation operation) {
        List<String> query = operation.parameters("query").stream().map(Parameter::getName).toList();
        return operation.takesBody()
                ? new Endpoint(operation.method(), operation.path(), query, operation.bodyTextField(),
                        operation.validBody())
                : new Endpoint(operation.method(), operation.path(), query, null, null);
    }

    @Test
    void theCorpusHoldsNoRequestTwiceAndCoversEveryDocumentedPath() {
        List<Attack> corpus = requests();
        List<List<Attack>> alike = corpus.stream().collect(Collectors.groupingBy(HostileInputTest::content))
                .values().stream().filter(attacks -> attacks.size() > 1).toList();
        assertThat(alike).as("requests that the corpus holds more than once").isEmpty();
        ServedDocument.operations().forEach(operation -> assertThat(corpus)
                .as("requests of the corpus to %s", operation.path())
                .anyMatch(attack -> attack.path().equals(operation.pathWith("1"))));
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
        assertThat(ApiTables.rows()).as("rows after %s", attack).isEqualTo(response.statusCode() == 201 ? 1 : 0);
    }

    /** What is sent: two requests alike but for their name are the same request. */
    private static List<Object> content(Attack attack) {
        return Arrays.asList(attack.method(), attack.path(), attack.contentType(),
                attack.body() == null ? null : ByteBuffer.wrap(attack.body()), attack.headers());
    }
}
