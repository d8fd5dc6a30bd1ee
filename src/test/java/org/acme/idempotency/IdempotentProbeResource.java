package org.acme.idempotency;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Creates with several fields, nested ones and a map among them, in the test application only: {@link Idempotent} on
 * a resource that is not users. Hidden from the OpenAPI document, which the contract and hostile-input tests go
 * through. Nothing is stored but the keys: the ids come from a counter.
 */
@Path(IdempotentProbeResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IdempotentProbeResource {

    public static final String PATH = "/idempotent-probe";

    public record Address(String street, String city) {
    }

    public record Shipment(String item, int quantity, Address to, Map<String, String> labels) {
    }

    public record Created(long id, Shipment shipment) {
    }

    private static final AtomicLong IDS = new AtomicLong();

    /** Any {@code collection}: one method, so that the same key and body can go to two paths. */
    @POST
    @Path("/{collection}")
    @Transactional
    @Idempotent
    @Operation(hidden = true)
    public Response create(@PathParam("collection") String collection, Shipment shipment) {
        long id = IDS.incrementAndGet();
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, PATH + "/" + collection + "/" + id)
                .entity(new Created(id, shipment)).build();
    }
}
