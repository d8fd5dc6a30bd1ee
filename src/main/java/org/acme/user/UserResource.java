package org.acme.user;

import java.net.URI;
import java.util.List;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import org.acme.problem.Problems;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    public static final int MAX_PAGE_SIZE = 100;
    public static final String TOTAL_COUNT_HEADER = "X-Total-Count";

    @GET
    public Response list(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        PanacheQuery<User> query = User.findAll(Sort.by("id"));
        List<User> users = query.page(page, size).list();
        return Response.ok(users).header(TOTAL_COUNT_HEADER, query.count()).build();
    }

    @GET
    @Path("/{id}")
    public User get(@PathParam("id") long id) {
        return findOrNotFound(id);
    }

    @POST
    @Transactional
    public Response create(@NotNull @Valid UserRequest request, @Context UriInfo uriInfo) {
        User user = new User();
        user.email = request.email();
        persistEmail(user);
        URI location = uriInfo.getBaseUriBuilder().path(UserResource.class).path(String.valueOf(user.id)).build();
        return Response.created(location).entity(user).build();
    }

    @PUT
    @Path("/{id}")
    @Transactional
    public User update(@PathParam("id") long id, @NotNull @Valid UserRequest request) {
        User user = findOrNotFound(id);
        user.email = request.email();
        persistEmail(user);
        return user;
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    public Response delete(@PathParam("id") long id) {
        if (!User.deleteById(id)) {
            throw Problems.notFound("No user with id " + id);
        }
        return Response.noContent().build();
    }

    private static User findOrNotFound(long id) {
        User user = User.findById(id);
        if (user == null) {
            throw Problems.notFound("No user with id " + id);
        }
        return user;
    }

    /** Writes now, so that the unique index decides a taken email here and not at commit. */
    private static void persistEmail(User user) {
        try {
            user.persistAndFlush();
        } catch (RuntimeException e) {
            if (Problems.isUniqueViolation(e, User.EMAIL_UNIQUE_INDEX)) {
                throw Problems.conflict("The email " + user.email + " is already taken");
            }
            throw e;
        }
    }
}
