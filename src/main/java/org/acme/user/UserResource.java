package org.acme.user;

import java.net.URI;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.acme.database.RetryConflicts;
import org.acme.idempotency.Idempotent;
import org.acme.openapi.ApiContract;
import org.acme.paging.PageRequest;
import org.acme.problem.JsonBodyProblems;
import org.acme.problem.Problems;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RetryConflicts
public class UserResource {

    @GET
    @APIResponse(responseCode = "200", description = "The users of the page, ordered by id",
            headers = { @Header(name = ApiContract.LINK, ref = ApiContract.LINK),
                    @Header(name = ApiContract.TOTAL_COUNT, ref = ApiContract.TOTAL_COUNT) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = UserResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiContract.BAD_REQUEST)
    public Response list(@Valid @BeanParam PageRequest page) {
        return page.answer(User.class, UserResponse::of);
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "404", ref = ApiContract.NOT_FOUND)
    public UserResponse get(@PathParam("id") long id) {
        return UserResponse.of(findOrNotFound(id));
    }

    @APIResponse(responseCode = "201", description = "The user, created; `Location` is its path, relative to the API",
            headers = @Header(name = ApiContract.LOCATION, ref = ApiContract.LOCATION),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiContract.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiContract.CONFLICT)
    @POST
    @Transactional
    @Idempotent
    @Extension(name = Idempotent.OPENAPI_MARKER, value = "true")
    public Response create(@Valid UserRequest request, @Context UriInfo uriInfo) {
        User user = new User();
        user.email = requireBody(request).email();
        persist(user);
        // Relative, and set with header(): created() and location() make a relative URI absolute with the Host that
        // the request claims.
        URI location = UriBuilder.fromPath(uriInfo.getBaseUri().getRawPath()).path(UserResource.class)
                .path(String.valueOf(user.id)).build();
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, location)
                .entity(UserResponse.of(user)).build();
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @APIResponse(responseCode = "200", description = "The user, changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiContract.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiContract.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiContract.CONFLICT)
    public UserResponse update(@PathParam("id") long id, @Valid UserRequest request) {
        requireBody(request);
        User user = findOrNotFound(id);
        user.email = request.email();
        persist(user);
        return UserResponse.of(user);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @APIResponse(responseCode = "204", description = "The user is deleted")
    @APIResponse(responseCode = "404", ref = ApiContract.NOT_FOUND)
    public Response delete(@PathParam("id") long id) {
        if (!User.deleteById(id)) {
            throw Problems.notFound("No user with id " + id);
        }
        return Response.noContent().build();
    }

    private static UserRequest requireBody(UserRequest request) {
        if (request == null) {
            throw JsonBodyProblems.missingBody();
        }
        return request;
    }

    private static User findOrNotFound(long id) {
        User user = User.findById(id);
        if (user == null) {
            throw Problems.notFound("No user with id " + id);
        }
        return user;
    }

    /** Writes now, so that a concurrent DELETE is found here; a taken email is a 409 (org.acme.unique). */
    private static void persist(User user) {
        try {
            user.persistAndFlush();
        } catch (OptimisticLockException e) {
            // a concurrent DELETE removed the row between the read and this write
            throw Problems.notFound("No user with id " + user.id);
        }
    }
}
