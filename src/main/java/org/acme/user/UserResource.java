package org.acme.user;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.acme.database.RetryConflicts;
import org.acme.http.Created;
import org.acme.idempotency.Idempotent;
import org.acme.openapi.ApiContract;
import org.acme.paging.PageRequest;
import org.acme.problem.JsonBodyProblems;
import org.acme.problem.Problems;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Users, by id. The answers that every resource shares (400, 404, 413, 415, 503, the list's and the create's
 * headers) are documented by org.acme.openapi; a taken email is a 409 (org.acme.unique), a user deleted under an
 * update a 404 (org.acme.problem).
 */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    @GET
    @APIResponse(responseCode = "200", description = "The users of the page, ordered by id",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = UserResponse.class)))
    public Response list(@Valid @BeanParam PageRequest page) {
        return page.answer(User.class, UserResponse::of);
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    public UserResponse get(@PathParam("id") long id) {
        return UserResponse.of(find(id));
    }

    @POST
    @Transactional
    @RetryConflicts
    @Idempotent
    @APIResponse(responseCode = "201", description = "The user, created; `Location` is its path, relative to the API",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "409", ref = ApiContract.CONFLICT)
    public Response create(@Valid UserRequest request, @Context UriInfo uriInfo) {
        User user = new User();
        user.email = JsonBodyProblems.requireBody(request).email();
        // an IDENTITY id: the INSERT runs now, and a taken email fails here; a flush would have nothing to write
        user.persist();
        return Created.at(uriInfo, UserResource.class, user.id, UserResponse.of(user));
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RetryConflicts
    @APIResponse(responseCode = "200", description = "The user, changed",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "409", ref = ApiContract.CONFLICT)
    public UserResponse update(@PathParam("id") long id, @Valid UserRequest request) {
        JsonBodyProblems.requireBody(request);
        User user = find(id);
        user.email = request.email();
        // written now, so that a concurrent DELETE or a taken email is answered from here
        user.persistAndFlush();
        return UserResponse.of(user);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @RetryConflicts
    @APIResponse(responseCode = "204", description = "The user is deleted")
    public Response delete(@PathParam("id") long id) {
        if (!User.deleteById(id)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static User find(long id) {
        return User.<User> findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    private static RuntimeException notFound(long id) {
        return Problems.notFound("No user with id " + id);
    }
}
