package org.acme.openapi;

import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.acme.idempotency.IdempotencyKeys;
import org.acme.idempotency.Idempotent;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 Documents the {@code Idempotency-Key} header and the 422 on each operation whose resource method is
 * {@link Idempotent}: the annotation alone documents the operation. A build-time filter, as only the build sees the
 * annotations (SmallRye hands such a filter the application's index through its constructor).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class IdempotentOperationsFilter implements OASFilter {

    private static final DotName IDEMPOTENT = DotName.createSimple(Idempotent.class);
    private static final DotName PATH = DotName.createSimple(Path.class);
    private static final Map<DotName, PathItem.HttpMethod> HTTP_METHODS = Map.of(
            DotName.createSimple(GET.class), PathItem.HttpMethod.GET,
            DotName.createSimple(POST.class), PathItem.HttpMethod.POST,
            DotName.createSimple(PUT.class), PathItem.HttpMethod.PUT,
            DotName.createSimple(PATCH.class), PathItem.HttpMethod.PATCH,
            DotName.createSimple(DELETE.class), PathItem.HttpMethod.DELETE);

    private final IndexView index;

    public IdempotentOperationsFilter(IndexView index) {
        this.index = index;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (AnnotationInstance idempotent : index.getAnnotations(IDEMPOTENT)) {
            if (idempotent.target().kind() == AnnotationTarget.Kind.METHOD) {
                mark(openAPI, idempotent.target().asMethod());
            }
        }
    }

    private static void mark(OpenAPI openAPI, MethodInfo method) {
        PathItem item = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem(path(method));
        if (item == null) {
            return;
        }
        HTTP_METHODS.forEach((annotation, httpMethod) -> {
            Operation operation = method.hasDeclaredAnnotation(annotation) ? item.getOperations().get(httpMethod)
                    : null;
            if (operation != null) {
                documentIdempotencyKey(operation);
            }
        });
    }

    private static void documentIdempotencyKey(Operation operation) {
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> IdempotencyKeys.HEADER.equals(parameter.getName()))) {
            return; // Quarkus may run a build filter more than once on the same model
        }
        operation.addParameter(OASFactory.createParameter().name(IdempotencyKeys.HEADER).in(Parameter.In.HEADER)
                .description("Makes the create safe to retry (IETF draft \"The Idempotency-Key HTTP Header "
                        + "Field\"): a repeat with the same key and body gets the first answer again, header "
                        + IdempotencyKeys.REPLAYED_HEADER + ": true; the same key with another body gets 422. "
                        + "Kept for IDEMPOTENCY_KEY_TTL (24h)")
                .example("8e03978e-40d5-43e8-bc93-6894a57f9324")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(IdempotencyKeys.FORMAT)));
        ApiContractFilter.addUnlessDeclared(operation.getResponses(), "422", ApiContract.UNPROCESSABLE_CONTENT);
    }

    /**
     * The method's path in the document: its class's {@code @Path} and its own, as JAX-RS joins them, a parameter's
     * regular expression left out ({@code {id: \\d+}} is {@code {id}}).
     */
    private static String path(MethodInfo method) {
        String path = "/" + value(method.declaringClass().declaredAnnotation(PATH)) + "/"
                + value(method.declaredAnnotation(PATH));
        String joined = path.replaceAll("/+", "/").replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static String value(AnnotationInstance path) {
        return path == null ? "" : path.value().asString();
    }
}
