package org.acme.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.acme.idempotency.IdempotencyKeys;
import org.acme.platform.ManagementInterface;
import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The OpenAPI document (/q/openapi) is the API's contract: it is a valid OpenAPI 3 document (checked by
 * swagger-parser), and every answer that it documents is one that the service gives. Each documented status of
 * each operation has a request below that gets it, and the answer has the documented content type and headers;
 * 503 is exercised by {@link ServiceUnavailableContractTest}.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String OVER_THE_BODY_LIMIT = "{\"email\": \"" + "a".repeat(1024 * 1024) + "@example.com\"}";

    /** One documented answer: the operation ("GET /users/{id}"), its status, and a request that gets it. */
    record Answer(String operation, int status, Supplier<Response> request) {

        @Override
        public String toString() {
            return operation + " " + status;
        }
    }

    static Stream<Answer> answers() {
        return Stream.of(
                new Answer("GET /", 200, () -> given().get("/")),
                new Answer("GET /users", 200, () -> given().get("/users?page=0&size=5")),
                new Answer("GET /users", 400, () -> given().get("/users?size=0")),
                new Answer("POST /users", 201, () -> post("{\"email\": \"ann@example.com\"}")),
                new Answer("POST /users", 400, () -> post("{\"email\": \"not-an-address\"}")),
                new Answer("POST /users", 409, () -> post("{\"email\": \"" + email(createUser()) + "\"}")),
                new Answer("POST /users", 413, () -> post(OVER_THE_BODY_LIMIT)),
                new Answer("POST /users", 422, () -> {
                    String key = UUID.randomUUID().toString();
                    given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, key)
                            .body("{\"email\": \"ann@example.com\"}").post("/users").then().statusCode(201);
                    return given().contentType(ContentType.JSON).header(IdempotencyKeys.HEADER, key)
                            .body("{\"email\": \"bob@example.com\"}").post("/users");
                }),
                new Answer("POST /users", 415, () -> given().contentType(ContentType.TEXT).body("a@b.co").post("/users")),
                new Answer("GET /users/{id}", 200, () -> given().get("/users/" + createUser())),
                new Answer("GET /users/{id}", 404, () -> given().get("/users/987654")),
                new Answer("PUT /users/{id}", 200, () -> put(createUser(), "{\"email\": \"bob@example.com\"}")),
                new Answer("PUT /users/{id}", 400, () -> put(createUser(), "{\"email\": \"\"}")),
                new Answer("PUT /users/{id}", 404, () -> put(987654, "{\"email\": \"bob@example.com\"}")),
                new Answer("PUT /users/{id}", 409, () -> {
                    long ann = createUser();
                    long bob = createUser();
                    return put(bob, "{\"email\": \"" + email(ann) + "\"}");
                }),
                new Answer("PUT /users/{id}", 413, () -> put(createUser(), OVER_THE_BODY_LIMIT)),
                new Answer("PUT /users/{id}", 415,
                        () -> given().contentType(ContentType.TEXT).body("a@b.co").put("/users/" + createUser())),
                new Answer("DELETE /users/{id}", 204, () -> given().delete("/users/" + createUser())),
                new Answer("DELETE /users/{id}", 404, () -> given().delete("/users/987654")));
    }

    private static OpenAPI contract;

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    /** The served document, validated, with every $ref resolved in place. */
    static synchronized OpenAPI contract() {
        if (contract == null) {
            String json = given().get(ManagementInterface.url("openapi?format=json")).then().statusCode(200)
                    .extract().asString();
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            options.setResolveFully(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
            assertThat(result.getMessages()).as("what the OpenAPI validator finds wrong").isEmpty();
            assertThat(result.getOpenAPI()).isNotNull();
            contract = result.getOpenAPI();
        }
        return contract;
    }

    @Test
    void theDocumentIsValidOpenApi3WithTitleVersionAndDescription() {
        OpenAPI openApi = contract();
        assertThat(openApi.getOpenapi()).startsWith("3.");
        assertThat(openApi.getInfo().getTitle()).isEqualTo("Users API");
        assertThat(openApi.getInfo().getVersion()).isNotBlank();
        assertThat(openApi.getInfo().getDescription()).contains("application/problem+json").contains("Link");
    }

    @Test
    void theDocumentedAnswersAreExactlyThoseTheServiceIsSeenToGive() {
        Map<String, TreeSet<Integer>> seen = answers().collect(Collectors.groupingBy(Answer::operation, TreeMap::new,
                Collectors.mapping(Answer::status, Collectors.toCollection(TreeSet::new))));
        seen.values().forEach(statuses -> statuses.add(503)); // ServiceUnavailableContractTest

        assertThat(documentedStatuses()).isEqualTo(seen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachDocumentedAnswerIsGivenWithItsContentTypeAndHeaders(Answer answer) {
        ApiResponse documented = response(answer.operation(), answer.status());

        Response response = answer.request().get();

        response.then().statusCode(answer.status());
        assertAsDocumented(documented, response);
    }

    @Test
    void everyProblemAnswerIsAProblemDocument() {
        operations().forEach((name, operation) -> operation.getResponses().forEach((status, response) -> {
            if (Integer.parseInt(status) >= 400) {
                assertThat(response.getContent()).as("%s %s", name, status).containsOnlyKeys(PROBLEM_JSON);
                Schema<?> problem = response.getContent().get(PROBLEM_JSON).getSchema();
                assertThat(problem.getProperties()).as("%s %s", name, status)
                        .containsKeys("type", "title", "status", "detail", "instance", "violations");
                assertThat(problem.getRequired()).contains("title", "status", "detail");
            }
        }));
    }

    @Test
    void theHeadersOfTheAnswersAreDocumented() {
        assertThat(response("GET /users", 200).getHeaders()).containsOnlyKeys("Link", "X-Total-Count");
        assertThat(response("POST /users", 201).getHeaders()).containsOnlyKeys("Location");
        operations().forEach((name, operation) -> assertThat(response(name, 503).getHeaders())
                .as(name).containsOnlyKeys("Retry-After"));
    }

    @Test
    void theListsParametersHaveTheirLimits() {
        Map<String, Schema<?>> parameters = operations().get("GET /users").getParameters().stream()
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
        Parameter key = operations().get("POST /users").getParameters().stream()
                .filter(parameter -> parameter.getName().equals(IdempotencyKeys.HEADER)).findFirst().orElseThrow();

        assertThat(key.getIn()).isEqualTo("header");
        assertThat(key.getSchema().getPattern()).isEqualTo(IdempotencyKeys.FORMAT);
        assertThat(response("POST /users", 422).getDescription()).contains("different request body");
    }

    /** The problem answers have the problem content type and a detail; every answer has its documented headers. */
    static void assertAsDocumented(ApiResponse documented, Response response) {
        if (documented.getContent() != null) {
            String contentType = response.contentType().replaceAll(";.*", "");
            assertThat(documented.getContent()).as("content types").containsKey(contentType);
        }
        if (response.statusCode() >= 400) {
            assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
            assertThat(response.jsonPath().getString("detail")).isNotBlank();
        }
        if (documented.getHeaders() != null) {
            documented.getHeaders().keySet().forEach(header -> assertThat(response.header(header))
                    .as("header %s", header).isNotBlank());
        }
    }

    static Map<String, TreeSet<Integer>> documentedStatuses() {
        Map<String, TreeSet<Integer>> documented = new TreeMap<>();
        operations().forEach((name, operation) -> documented.put(name, operation.getResponses().keySet().stream()
                .map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new))));
        return documented;
    }

    static ApiResponse response(String operation, int status) {
        ApiResponse response = operations().get(operation).getResponses().get(String.valueOf(status));
        assertThat(response).as("%s %d in the document", operation, status).isNotNull();
        return response;
    }

    /** The document's operations by "METHOD /path". */
    static Map<String, Operation> operations() {
        Map<String, Operation> operations = new TreeMap<>();
        contract().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method + " " + path, operation)));
        return operations;
    }

    static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/users");
    }

    static Response put(long id, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/users/" + id);
    }

    private static int created;

    static long createUser() {
        return post("{\"email\": \"user" + ++created + "@example.com\"}").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    static String email(long id) {
        return given().get("/users/" + id).jsonPath().getString("email");
    }
}
