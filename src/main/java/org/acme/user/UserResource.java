package org.acme.user;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.acme.database.RetryConflicts;
import org.acme.idempotency.IdempotencyKeys;
import org.acme.openapi.ApiContract;
import org.acme.problem.JsonBodyProblems;
import org.acme.problem.Problems;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RetryConflicts
public class UserResource {

    public static final int MAX_PAGE_SIZE = 100;
    /** The deepest OFFSET that page/size paging reads: page * size beyond it is refused, pointing to after. */
    public static final int MAX_OFFSET = 10_000;
    public static final String TOTAL_COUNT_HEADER = "X-Total-Count";
    private static final String WHOLE_NUMBER = "must be a whole number";

    @Inject
    IdempotencyKeys idempotencyKeys;

    /**
     * Keyset pages ({@code after}: the users with a larger id, read from the primary key index, no count) or offset
     * pages ({@code page}, with the total in {@code X-Total-Count}). Either way one row more than the page is read,
     * so that the {@code Link} header has a {@code next} exactly when there is more.
     * <p>
     * The parameters are taken as text so that {@code ?page=abc} is answered like {@code ?page=-1}: a 400 that
     * names the parameter, where a failed conversion would give a bare 404.
     */
    @GET
    @APIResponse(responseCode = "200", description = "The users of the page, ordered by id",
            headers = { @Header(name = ApiContract.LINK, ref = ApiContract.LINK),
                    @Header(name = ApiContract.TOTAL_COUNT, ref = ApiContract.TOTAL_COUNT) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = User.class)))
    @APIResponse(responseCode = "400", ref = ApiContract.BAD_REQUEST)
    public Response list(
            @Parameter(description = "Keyset paging: the users with an id above this one (0 for the first page); "
                    + "not with page", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
            @QueryParam("after") @Pattern(regexp = "\\d{1,18}", message = WHOLE_NUMBER) String after,
            @Parameter(description = "Offset paging: the page number, from 0; page * size at most " + MAX_OFFSET
                    + ", deeper pages are refused (use after)",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0",
                            maximum = "" + MAX_OFFSET, defaultValue = "0"))
            @QueryParam("page") @Pattern(regexp = "\\d{1,9}", message = WHOLE_NUMBER) String page,
            @Parameter(description = "Users per page", schema = @Schema(type = SchemaType.INTEGER, format = "int32",
                    minimum = "1", maximum = "" + MAX_PAGE_SIZE, defaultValue = "20"))
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = "\\d{1,9}", message = WHOLE_NUMBER)
            @Min(1) @Max(MAX_PAGE_SIZE) String size,
            @Context UriInfo uriInfo) {
        int pageSize = Integer.parseInt(size);
        UserPages pages = new UserPages(uriInfo.getAbsolutePath().getRawPath(), pageSize);
        if (after != null) {
            if (page != null) {
                throw UserPages.afterAndPage();
            }
            List<User> users = User.find("id > ?1", Sort.by("id"), Long.parseLong(after))
                    .range(0, pageSize).list();
            return pages.keyset(users).build();
        }
        int pageNumber = page == null ? 0 : Integer.parseInt(page);
        if ((long) pageNumber * pageSize > MAX_OFFSET) {
            throw UserPages.tooDeep(pageNumber, pageSize);
        }
        PanacheQuery<User> query = User.findAll(Sort.by("id"));
        List<User> users = query.range(pageNumber * pageSize, pageNumber * pageSize + pageSize).list();
        return pages.offset(users, pageNumber).header(TOTAL_COUNT_HEADER, query.count()).build();
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = User.class)))
    @APIResponse(responseCode = "404", ref = ApiContract.NOT_FOUND)
    public User get(@PathParam("id") long id) {
        return findOrNotFound(id);
    }

    @APIResponse(responseCode = "201", description = "The user, created; `Location` is its path, relative to the API",
            headers = @Header(name = ApiContract.LOCATION, ref = ApiContract.LOCATION),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = User.class)))
    @APIResponse(responseCode = "400", ref = ApiContract.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiContract.CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiContract.UNPROCESSABLE_CONTENT)
    @POST
    @Transactional
    public Response create(@Valid UserRequest request,
            @Parameter(description = "Makes the create safe to retry (IETF draft \"The Idempotency-Key HTTP Header "
                    + "Field\"): a repeat with the same key and body gets the first answer again, header "
                    + IdempotencyKeys.REPLAYED_HEADER + ": true; the same key with another body gets 422. "
                    + "Kept for IDEMPOTENCY_KEY_TTL (24h)", example = "8e03978e-40d5-43e8-bc93-6894a57f9324")
            @HeaderParam(IdempotencyKeys.HEADER) @Pattern(regexp = IdempotencyKeys.FORMAT,
                    message = IdempotencyKeys.FORMAT_MESSAGE) String idempotencyKey,
            @Context HttpHeaders headers, @Context UriInfo uriInfo) {
        String email = requireBody(request).email();
        if (idempotencyKey == null && headers.getHeaderString(IdempotencyKeys.HEADER) != null) {
            // Quarkus REST hands an empty header to the parameter as none
            throw IdempotencyKeys.badKey();
        }
        if (idempotencyKey != null) {
            Optional<Response> earlier = idempotencyKeys.claim(idempotencyKey, email);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        User user = new User();
        user.email = email;
        persistEmail(user);
        // Relative, and set with header(): created() and location() make a relative URI absolute with the Host that
        // the request claims.
        URI location = UriBuilder.fromPath(uriInfo.getBaseUri().getRawPath()).path(UserResource.class)
                .path(String.valueOf(user.id)).build();
        if (idempotencyKey != null) {
            return idempotencyKeys.record(idempotencyKey, Response.Status.CREATED, location, user);
        }
        return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, location).entity(user).build();
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @APIResponse(responseCode = "200", description = "The user, changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = User.class)))
    @APIResponse(responseCode = "400", ref = ApiContract.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiContract.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiContract.CONFLICT)
    public User update(@PathParam("id") long id, @Valid UserRequest request) {
        requireBody(request);
        User user = findOrNotFound(id);
        user.email = request.email();
        persistEmail(user);
        return user;
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

    /** Writes now, so that the unique index decides a taken email here and not at commit. */
    private static void persistEmail(User user) {
        try {
            user.persistAndFlush();
        } catch (OptimisticLockException e) {
            // a concurrent DELETE removed the row between the read and this write
            throw Problems.notFound("No user with id " + user.id);
        } catch (RuntimeException e) {
            if (Problems.isUniqueViolation(e, User.EMAIL_UNIQUE_INDEX)) {
                throw Problems.conflict("The email " + user.email + " is already taken");
            }
            throw e;
        }
    }
}
