package org.acme.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.acme.idempotency.IdempotencyKeys;
import org.acme.idempotency.Idempotent;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

/** The operations of {@link Idempotent} methods, and only those, get the Idempotency-Key header and the 422. */
class IdempotentOperationsFilterTest {

    @Path("/parcels/")
    static class ParcelResource {

        @POST
        @Idempotent
        public void create() {
        }

        @PUT
        @Path("{id: \\d+}/labels")
        @Idempotent
        public void label() {
        }

        @GET
        public void list() {
        }
    }

    @Test
    void anIdempotentMethodsOperationDocumentsTheKeyAndThe422AndNoOtherOperationDoes() throws IOException {
        OpenAPI document = document();

        new IdempotentOperationsFilter(Index.of(ParcelResource.class)).filterOpenAPI(document);
        new IdempotentOperationsFilter(Index.of(ParcelResource.class)).filterOpenAPI(document); // run twice: once

        assertDocumentsTheKey(document.getPaths().getPathItem("/parcels").getPOST());
        assertDocumentsTheKey(document.getPaths().getPathItem("/parcels/{id}/labels").getPUT());
        Operation list = document.getPaths().getPathItem("/parcels").getGET();
        assertThat(list.getParameters()).isNull();
        assertThat(list.getResponses().getAPIResponses()).doesNotContainKey("422");
    }

    private static void assertDocumentsTheKey(Operation operation) {
        assertThat(operation.getParameters()).extracting(Parameter::getName).containsExactly(IdempotencyKeys.HEADER);
        assertThat(operation.getParameters().get(0).getIn()).isEqualTo(Parameter.In.HEADER);
        assertThat(operation.getResponses().getAPIResponse("422").getRef())
                .endsWith(ApiContract.UNPROCESSABLE_CONTENT);
    }

    private static OpenAPI document() {
        return OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/parcels", OASFactory.createPathItem()
                        .POST(operation()).GET(operation()))
                .addPathItem("/parcels/{id}/labels", OASFactory.createPathItem().PUT(operation())));
    }

    private static Operation operation() {
        return OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("fine")));
    }
}
