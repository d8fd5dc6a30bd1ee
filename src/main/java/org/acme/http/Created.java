package org.acme.http;

import java.net.URI;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/** The answer to a create: 201, the new resource's path in {@code Location}, and the resource as the body. */
public final class Created {

    private Created() {
    }

    /**
     * The 201 for the resource {@code id} of {@code resourceClass}'s collection. {@code Location} is relative to the
     * host, and set as a header: {@code Response.created()} would make it absolute with the Host that the request
     * claims.
     */
    public static Response at(UriInfo uriInfo, Class<?> resourceClass, Object id, Object body) {
        URI location = UriBuilder.fromPath(uriInfo.getBaseUri().getRawPath()).path(resourceClass)
                .path(String.valueOf(id)).build();
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, location).entity(body).build();
    }
}
