package org.acme.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.acme.idempotency.IdempotencyKeys;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * The OpenAPI document (/q/openapi) is the API's contract: it is a valid OpenAPI 3 document (checked by
 * swagger-parser), and every answer that it documents is one that the service gives. The table of answers is the
 * document's: each status of each operation, got by a request made from the document alone (its paths, parameter
 * and body schemas), so a new resource is covered without a line here; the answer must have the documented content
 * type and headers. 503 is exercised by {@link ServiceUnavailableContractTest}.
 */
@QuarkusTest
class OpenApiDocumentTest {

    /** The one status that the table leaves to ServiceUnavailableContractTest. */
    static final int SERVICE_UNAVAILABLE = 503;

    /** The table's template rows, kept as a floor: the document must go on documenting at least these answers. */
    static final List<String> TEMPLATE_ANSWERS = List.of("GET / 200", "GET /users 200", "GET /users 400",
            "POST /users 201", "POST /users 400", "POST /users 409", "POST /users 413", "POST /users 415",
            "POST /users 422", "GET /users/{id} 200", "GET /users/{id} 404", "PUT /users/{id} 200",
            "PUT /users/{id} 400", "PUT /users/{id} 404", "PUT /users/{id} 409", "PUT /users/{id} 413",
            "PUT /users/{id} 415", "DELETE /users/{id} 204", "DELETE /users/{id} 404");

    /** One documented answer: the operation and its status. */
    record Answer(DocumentedOperation operation, int status) {

        @Override
        public String toString() {
            return operation.name() + " " + status;
        }
    }

    /** Every operation of the document with every status it documents (but 503). */
    static Stream<Answer> answers() {
        return ServedDocument.operations().stream().flatMap(operation -> operation.statuses().stream()
                .filter(status -> status != SERVICE_UNAVAILABLE).map(status -> new Answer(operation, status)));
    }

    @Test
    void theDocumentIsValidOpenApi3WithTitleVersionAndDescription() {
        OpenAPI openApi = ServedDocument.contract();
        assertThat(openApi.getOpenapi()).startsWith("3.");
        assertThat(openApi.getInfo().getTitle()).isEqualTo("Users API");
        assertThat(openApi.getInfo().getVersion()).isNotBlank();
        assertThat(openApi.getInfo().getDescription()).contains("application/problem+json").contains("Link");
    }

    @Test
    void theTableCoversAtLeastTheTemplatesAnswersAndLeavesOnly503Out() {
        List<String> table = answers().map(Answer::toString).toList();

        assertThat(table).containsAll(TEMPLATE_ANSWERS).doesNotHaveDuplicates();
        ServedDocument.operations().forEach(operation -> assertThat(operation.statuses()).as(operation.name())
                .contains(SERVICE_UNAVAILABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachDocumentedAnswerIsGivenWithItsContentTypeAndHeaders(Answer answer) {
        Response response = provoke(answer.operation(), answer.status());

        answer.operation().assertAnsweredAsDocumented(answer.status(), response);
    }

    @Test
    void everyProblemAnswerIsAProblemDocument() {
        ServedDocument.operations().forEach(operation -> operation.operation().getResponses().forEach(
                (status, response) -> {
                    if (Integer.parseInt(status) >= 400) {
                        String answer = operation.name() + " " + status;
                        assertThat(response.getContent()).as(answer).containsOnlyKeys(ApiContract.PROBLEM_JSON);
                        Schema<?> problem = response.getContent().get(ApiContract.PROBLEM_JSON).getSchema();
                        assertThat(problem.getProperties()).as(answer)
                                .containsKeys("type", "title", "status", "detail", "instance", "violations");
                        assertThat(problem.getRequired()).contains("title", "status", "detail");
                    }
                }));
    }

    @Test
    void theHeadersOfTheAnswersAreDocumented() {
        assertThat(ServedDocument.operation("GET /users").response(200).getHeaders())
                .containsOnlyKeys("Link", "X-Total-Count");
        assertThat(ServedDocument.operation("POST /users").response(201).getHeaders()).containsOnlyKeys("Location");
        ServedDocument.operations().forEach(operation -> assertThat(operation.response(SERVICE_UNAVAILABLE)
                .getHeaders()).as(operation.name()).containsOnlyKeys("Retry-After"));
    }

    @Test
    void theBodyLimitDocumentedIsTheConfiguredOne() {
        List<DocumentedOperation> withBody = ServedDocument.operations().stream()
                .filter(DocumentedOperation::takesBody).toList();

        assertThat(withBody.stream().map(DocumentedOperation::name)).contains("POST /users", "PUT /users/{id}");
        withBody.forEach(operation -> assertThat(operation.response(413).getDescription()).as(operation.name())
                .contains("over " + bodyLimit() + " bytes"));
    }

    @Test
    void theListsParametersHaveTheirLimits() {
        Map<String, Schema<?>> parameters = ServedDocument.operation("GET /users").parameters("query").stream()
                .collect(Collectors.toMap(Parameter::getName, parameter -> (Schema<?>) parameter.getSchema()));

        assertThat(parameters).containsOnlyKeys("after", "page", "size");
        assertThat(parameters.get("size").getMinimum()).isEqualByComparingTo("1");
        assertThat(parameters.get("size").getMaximum()).isEqualByComparingTo("100");
        assertThat(parameters.get("size").getDefault()).hasToString("20");
        assertThat(parameters.get("page").getMinimum()).isEqualByComparingTo("0");
        assertThat(parameters.get("after").getMinimum()).isEqualByComparingTo("0");
        parameters.values().forEach(schema -> assertThat(schema.getTypes()).containsExactly("integer"));
    }

    @Test
    void theCreatesIdempotencyKeyIsDocumented() {
        DocumentedOperation create = ServedDocument.operation("POST /users");
        Parameter key = create.header(IdempotencyKeys.HEADER).orElseThrow();

        assertThat(key.getSchema().getPattern()).isEqualTo(IdempotencyKeys.FORMAT);
        assertThat(create.response(422).getDescription()).contains("different request body");
    }

    /** A request made from the document that gets {@code status} from {@code operation}, if the service keeps it. */
    static Response provoke(DocumentedOperation operation, int status) {
        return switch (status) {
            case 200, 201, 204 -> operation.send(existingPath(operation), operation.validBody());
            case 400 -> badRequest(operation);
            case 404 -> {
                requireOneResource(operation, status);
                yield operation.send(operation.pathWith(operation.unknownId()), operation.validBody());
            }
            case 409 -> sameBodyTwice(operation);
            case 413 -> {
                requireBody(operation, status);
                String body = operation.validBody();
                yield operation.send(existingPath(operation), body + " ".repeat((int) bodyLimit() + 1 - body.length()));
            }
            case 415 -> {
                requireBody(operation, status);
                yield given().contentType(ContentType.TEXT).body(operation.validBody())
                        .request(operation.method(), existingPath(operation));
            }
            case 422 -> sameIdempotencyKeyWithAnotherBody(operation);
            default -> throw new AssertionError("no request made from the document gets " + status + " from "
                    + operation.name() + ": teach OpenApiDocumentTest.provoke how to get it");
        };
    }

    /** A body that breaks a rule of its schema, or else a query parameter out of its schema's range. */
    private static Response badRequest(DocumentedOperation operation) {
        if (operation.takesBody()) {
            ExampleBodies.Broken broken = ExampleBodies.breakingARule(operation.bodySchema()).orElseThrow(() ->
                    new AssertionError("the body schema of " + operation.name() + " states no rule to break for 400"));
            return operation.send(existingPath(operation), broken.body());
        }
        for (Parameter parameter : operation.parameters("query")) {
            var value = ExampleBodies.breaking(parameter.getSchema());
            if (value.isPresent()) {
                return given().queryParam(parameter.getName(), value.get())
                        .request(operation.method(), existingPath(operation));
            }
        }
        throw new AssertionError("neither a body nor a query parameter of " + operation.name()
                + " states a rule to break for 400");
    }

    /** The same valid body twice: to the same path, or to two resources when it acts on one. */
    private static Response sameBodyTwice(DocumentedOperation operation) {
        requireBody(operation, 409);
        String body = operation.validBody();
        Response first = operation.send(existingPath(operation), body);
        assertThat(first.statusCode()).as("the first of two alike %s (%s)", operation.name(), first.asString())
                .isBetween(200, 299);
        return operation.send(existingPath(operation), body);
    }

    private static Response sameIdempotencyKeyWithAnotherBody(DocumentedOperation operation) {
        assertThat(operation.header(IdempotencyKeys.HEADER)).as("the %s header of %s, which documents 422",
                IdempotencyKeys.HEADER, operation.name()).isPresent();
        String key = UUID.randomUUID().toString();
        String path = existingPath(operation);
        Response first = operation.request(operation.validBody()).header(IdempotencyKeys.HEADER, key)
                .request(operation.method(), path);
        assertThat(first.statusCode()).as("the first request with the key (%s)", first.asString()).isBetween(200, 299);
        return operation.request(operation.validBody()).header(IdempotencyKeys.HEADER, key)
                .request(operation.method(), path);
    }

    /**
     * The operation's path: for one that acts on one resource, that of a resource just created by the POST of its
     * collection (the Location of its 201).
     */
    static String existingPath(DocumentedOperation operation) {
        if (!operation.actsOnOneResource()) {
            return operation.path();
        }
        return ExampleBodies.newResource(operation.collectionPath()).header("Location");
    }

    /** {@code quarkus.http.limits.max-body-size}, in bytes. */
    static long bodyLimit() {
        String limit = ConfigProvider.getConfig().getValue(ApiContractFilter.BODY_LIMIT, String.class);
        return new MemorySizeConverter().convert(limit).asLongValue();
    }

    private static void requireBody(DocumentedOperation operation, int status) {
        assertThat(operation.takesBody()).as("%s documents %d, but it takes no body", operation.name(), status)
                .isTrue();
    }

    private static void requireOneResource(DocumentedOperation operation, int status) {
        assertThat(operation.actsOnOneResource()).as("%s documents %d, but its path names no resource",
                operation.name(), status).isTrue();
    }
}
