package org.acme.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * One operation of the served document ({@code method} upper case, {@code path} a template such as
 * {@code /users/{id}}), and what a test needs to build requests for it from the document alone.
 */
public record DocumentedOperation(String method, String path, Operation operation) {

    static final String PROBLEM_JSON = ApiContract.PROBLEM_JSON;
    private static final String PATH_PARAMETER = "\\{[^/}]+}";

    /** "POST /users". */
    public String name() {
        return method + " " + path;
    }

    @Override
    public String toString() {
        return name();
    }

    public SortedSet<Integer> statuses() {
        return operation.getResponses().keySet().stream().map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public ApiResponse response(int status) {
        ApiResponse response = operation.getResponses().get(String.valueOf(status));
        assertThat(response).as("%s %d in the document", name(), status).isNotNull();
        return response;
    }

    public boolean takesBody() {
        return operation.getRequestBody() != null;
    }

    /** The content type of the request body, the first the document lists. */
    public String bodyContentType() {
        return operation.getRequestBody().getContent().keySet().iterator().next();
    }

    public Schema<?> bodySchema() {
        return operation.getRequestBody().getContent().values().iterator().next().getSchema();
    }

    /** The first field of the body that holds text, or else its first field. */
    public String bodyTextField() {
        Map<String, Schema> fields = bodySchema().getProperties();
        assertThat(fields).as("the body fields of %s", name()).isNotEmpty();
        return fields.entrySet().stream().filter(field -> "string".equals(ExampleBodies.type(field.getValue())))
                .map(Map.Entry::getKey).findFirst().orElse(fields.keySet().iterator().next());
    }

    /** A valid body for this operation (a new one at each call), or null when it takes none. */
    public String validBody() {
        return takesBody() ? ExampleBodies.valid(bodySchema()) : null;
    }

    /** Whether the path ends in a parameter: the operation acts on one resource of a collection. */
    public boolean actsOnOneResource() {
        return path.matches(".*/" + PATH_PARAMETER);
    }

    /** The path of the collection that the resource belongs to: {@code /users} for {@code /users/{id}}. */
    public String collectionPath() {
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** The path with every parameter given the value {@code id}. */
    public String pathWith(String id) {
        return path.replaceAll(PATH_PARAMETER, id);
    }

    /** An id that no resource has, of the type of the path's last parameter. */
    public String unknownId() {
        List<Parameter> pathParameters = parameters("path");
        Schema<?> id = pathParameters.get(pathParameters.size() - 1).getSchema();
        return switch (ExampleBodies.type(id)) {
            case "integer" -> "int32".equals(id.getFormat()) ? String.valueOf(Integer.MAX_VALUE)
                    : String.valueOf(Long.MAX_VALUE);
            case "string" -> "uuid".equals(id.getFormat()) ? UUID.randomUUID().toString()
                    : "unknown-" + UUID.randomUUID();
            default -> throw new AssertionError("no unknown id for the path parameter of " + name());
        };
    }

    /** The parameters the operation documents in {@code in} (query, path, header). */
    public List<Parameter> parameters(String in) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        return parameters.stream().filter(parameter -> in.equals(parameter.getIn())).toList();
    }

    public Optional<Parameter> header(String name) {
        return parameters("header").stream().filter(parameter -> parameter.getName().equalsIgnoreCase(name))
                .findFirst();
    }

    /** A request of this operation with {@code body} (null: none) as its documented content type. */
    public RequestSpecification request(String body) {
        RequestSpecification request = given();
        return body == null ? request : request.contentType(bodyContentType()).body(body);
    }

    public Response send(String path, String body) {
        return request(body).request(method, path);
    }

    /**
     * The answer has {@code status}, the documented content type and headers; a problem answer is a problem
     * document with a detail.
     */
    public void assertAnsweredAsDocumented(int status, Response response) {
        assertThat(response.statusCode()).as("status of %s (answer: %s)", name(), response.asString())
                .isEqualTo(status);
        ApiResponse documented = response(status);
        if (documented.getContent() != null) {
            String contentType = response.contentType().replaceAll(";.*", "");
            assertThat(documented.getContent()).as("content types of %s %d", name(), status)
                    .containsKey(contentType);
        }
        if (status >= 400) {
            assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
            assertThat(response.jsonPath().getString("detail")).isNotBlank();
        }
        if (documented.getHeaders() != null) {
            documented.getHeaders().keySet().forEach(header -> assertThat(response.header(header))
                    .as("header %s of %s %d", header, name(), status).isNotBlank());
        }
    }
}
