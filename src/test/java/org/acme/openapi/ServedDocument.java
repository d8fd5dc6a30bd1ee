package org.acme.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.acme.platform.ManagementInterface;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** The OpenAPI document that the service under test serves (/q/openapi), the API's contract. */
public final class ServedDocument {

    /** The operations of the template's own resources: every check that walks the document covers at least these. */
    public static final List<String> TEMPLATE_OPERATIONS = List.of("GET /", "GET /users", "POST /users",
            "GET /users/{id}", "PUT /users/{id}", "DELETE /users/{id}");

    private static OpenAPI contract;

    private ServedDocument() {
    }

    /** The served document, validated by swagger-parser, with every $ref resolved in place. */
    public static synchronized OpenAPI contract() {
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

    /** Every operation of the document, ordered by path then method; at least the template's own. */
    public static List<DocumentedOperation> operations() {
        List<DocumentedOperation> operations = new ArrayList<>();
        contract().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.add(new DocumentedOperation(method.name(), path,
                        operation))));
        operations.sort(Comparator.comparing(DocumentedOperation::path).thenComparing(DocumentedOperation::method));
        assertThat(operations.stream().map(DocumentedOperation::name)).as("the document's operations")
                .containsAll(TEMPLATE_OPERATIONS);
        return operations;
    }

    /** The operation named "METHOD /path". */
    public static DocumentedOperation operation(String name) {
        return operations().stream().filter(operation -> operation.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in the document"));
    }
}
