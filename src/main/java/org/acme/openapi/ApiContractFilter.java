package org.acme.openapi;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds to each operation the problem answers that do not depend on the operation: 503 (a lost or busy database,
 * and every request while the service stops: org.acme.http.RefuseRequestsWhileStopping), and for an operation with
 * a request body 413 (org.acme.http.RequestBodyLimit) and 415. The 413's description states the body limit that
 * the service runs with: this filter runs at startup, so a limit set in the environment is the one documented.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiContractFilter implements OASFilter {

    static final String BODY_LIMIT = "quarkus.http.limits.max-body-size";

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        if (operation.getRequestBody() != null) {
            addUnlessDeclared(responses, "413", ApiContract.PAYLOAD_TOO_LARGE);
            addUnlessDeclared(responses, "415", ApiContract.UNSUPPORTED_MEDIA_TYPE);
        }
        addUnlessDeclared(responses, "503", ApiContract.SERVICE_UNAVAILABLE);
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        APIResponse tooLarge = openAPI.getComponents().getResponses().get(ApiContract.PAYLOAD_TOO_LARGE);
        long limit = ConfigProvider.getConfig().getValue(BODY_LIMIT, MemorySize.class).asLongValue();
        tooLarge.setDescription("The request body is over " + limit + " bytes (" + BODY_LIMIT + ").");
    }

    private static void addUnlessDeclared(APIResponses responses, String status, String component) {
        Map<String, ?> declared = responses.getAPIResponses();
        if (declared == null || !declared.containsKey(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}
