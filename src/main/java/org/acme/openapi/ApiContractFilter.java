package org.acme.openapi;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents what every resource answers by the building blocks it is made of, so that a resource method declares
 * only its own answers (its 2xx, and a 409 where a field is unique):
 * <ul>
 * <li>400 for an operation with a request body or query parameters (org.acme.problem);</li>
 * <li>404 for an operation whose path ends in a parameter, the id of one resource;</li>
 * <li>{@code Link} and {@code X-Total-Count} on the 200 of a list (org.acme.paging.PageRequest's parameters);</li>
 * <li>{@code Location} on a 201;</li>
 * <li>413 (org.acme.http.RequestBodyLimit) and 415 for an operation with a request body;</li>
 * <li>503 for every operation: a lost or busy database, and every request while the service stops
 * (org.acme.http.RefuseRequestsWhileStopping).</li>
 * </ul>
 * The 413's description states the body limit that the service runs with: this filter runs at startup, so a limit
 * set in the environment is the one documented.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiContractFilter implements OASFilter {

    static final String BODY_LIMIT = "quarkus.http.limits.max-body-size";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        APIResponse tooLarge = openAPI.getComponents().getResponses().get(ApiContract.PAYLOAD_TOO_LARGE);
        long limit = ConfigProvider.getConfig().getValue(BODY_LIMIT, MemorySize.class).asLongValue();
        tooLarge.setDescription("The request body is over " + limit + " bytes (" + BODY_LIMIT + ").");
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> document(path, operation)));
    }

    private static void document(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        boolean takesBody = operation.getRequestBody() != null;
        if (takesBody || !parameters(operation, Parameter.In.QUERY).isEmpty()) {
            addUnlessDeclared(responses, "400", ApiContract.BAD_REQUEST);
        }
        if (path.endsWith("}")) {
            addUnlessDeclared(responses, "404", ApiContract.NOT_FOUND);
        }
        if (isList(operation)) {
            addHeader(responses.getAPIResponse("200"), ApiContract.LINK);
            addHeader(responses.getAPIResponse("200"), ApiContract.TOTAL_COUNT);
        }
        addHeader(responses.getAPIResponse("201"), ApiContract.LOCATION);
        if (takesBody) {
            addUnlessDeclared(responses, "413", ApiContract.PAYLOAD_TOO_LARGE);
            addUnlessDeclared(responses, "415", ApiContract.UNSUPPORTED_MEDIA_TYPE);
        }
        addUnlessDeclared(responses, "503", ApiContract.SERVICE_UNAVAILABLE);
    }

    /** Whether the operation answers a page of a list: it takes org.acme.paging.PageRequest's parameters. */
    private static boolean isList(Operation operation) {
        return parameters(operation, Parameter.In.QUERY).stream().map(Parameter::getName).toList()
                .containsAll(List.of("after", "page", "size"));
    }

    private static List<Parameter> parameters(Operation operation, Parameter.In in) {
        return operation.getParameters() == null ? List.of()
                : operation.getParameters().stream().filter(parameter -> parameter.getIn() == in).toList();
    }

    private static void addHeader(APIResponse response, String header) {
        if (response != null && (response.getHeaders() == null || !response.getHeaders().containsKey(header))) {
            response.addHeader(header, OASFactory.createHeader().ref(header));
        }
    }

    static void addUnlessDeclared(APIResponses responses, String status, String component) {
        Map<String, ?> declared = responses.getAPIResponses();
        if (declared == null || !declared.containsKey(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}
