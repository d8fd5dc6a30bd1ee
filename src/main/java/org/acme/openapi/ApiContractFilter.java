package org.acme.openapi;

import java.util.Map;

import org.acme.idempotency.IdempotencyKeys;
import org.acme.idempotency.Idempotent;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds to each operation the problem answers that do not depend on the operation: 503 (a lost or busy database,
 * and every request while the service stops: org.acme.http.RefuseRequestsWhileStopping), and for an operation with
 * a request body 413 (org.acme.http.RequestBodyLimit) and 415; for an operation marked {@link Idempotent} the
 * {@code Idempotency-Key} header and 422. The 413's description states the body limit that the service runs with:
 * this filter runs at startup, so a limit set in the environment is the one documented.
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
        if (operation.getExtensions() != null && operation.getExtensions().containsKey(Idempotent.OPENAPI_MARKER)) {
            documentIdempotencyKey(operation);
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        APIResponse tooLarge = openAPI.getComponents().getResponses().get(ApiContract.PAYLOAD_TOO_LARGE);
        long limit = ConfigProvider.getConfig().getValue(BODY_LIMIT, MemorySize.class).asLongValue();
        tooLarge.setDescription("The request body is over " + limit + " bytes (" + BODY_LIMIT + ").");
    }

    /** The {@code Idempotency-Key} header and its 422, on an {@link Idempotent} operation. */
    private static void documentIdempotencyKey(Operation operation) {
        // SmallRye copies a method's @Extension to its responses, and to each of its @APIResponse, too
        operation.removeExtension(Idempotent.OPENAPI_MARKER);
        operation.getResponses().removeExtension(Idempotent.OPENAPI_MARKER);
        operation.getResponses().getAPIResponses().values()
                .forEach(response -> response.removeExtension(Idempotent.OPENAPI_MARKER));
        operation.addParameter(OASFactory.createParameter().name(IdempotencyKeys.HEADER).in(Parameter.In.HEADER)
                .description("Makes the create safe to retry (IETF draft \"The Idempotency-Key HTTP Header "
                        + "Field\"): a repeat with the same key and body gets the first answer again, header "
                        + IdempotencyKeys.REPLAYED_HEADER + ": true; the same key with another body gets 422. "
                        + "Kept for IDEMPOTENCY_KEY_TTL (24h)")
                .example("8e03978e-40d5-43e8-bc93-6894a57f9324")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(IdempotencyKeys.FORMAT)));
        addUnlessDeclared(operation.getResponses(), "422", ApiContract.UNPROCESSABLE_CONTENT);
    }

    private static void addUnlessDeclared(APIResponses responses, String status, String component) {
        Map<String, ?> declared = responses.getAPIResponses();
        if (declared == null || !declared.containsKey(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}
