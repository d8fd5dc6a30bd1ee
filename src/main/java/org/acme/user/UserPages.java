package org.acme.user;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.acme.problem.Problems;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * One page of the user list and its RFC 8288 {@code Link} header. The links are relative references (a path and a
 * query, no scheme or host), so that nothing in them comes from the request's {@code Host} header.
 *
 * @param path the list's path as the request reached it (with any root path), e.g. {@code /users}
 * @param size the page size asked for
 */
record UserPages(String path, int size) {

    /** A keyset page: {@code users} holds up to one row more than the page, which says whether there is a next. */
    Response.ResponseBuilder keyset(List<User> users) {
        List<User> page = trim(users);
        Response.ResponseBuilder answer = Response.ok(page).links(link("first", "after", 0));
        if (users.size() > size) {
            answer.links(link("next", "after", page.get(page.size() - 1).id));
        }
        return answer;
    }

    /**
     * An offset page. Its next is the following page while that one is within {@link UserResource#MAX_OFFSET};
     * past it, the next page is asked for by keyset, so that a client that follows the links never meets the
     * refusal of a deep page.
     */
    Response.ResponseBuilder offset(List<User> users, int pageNumber) {
        List<User> page = trim(users);
        Response.ResponseBuilder answer = Response.ok(page).links(link("first", "page", 0));
        if (users.size() > size) {
            boolean nextWithinBound = (long) (pageNumber + 1) * size <= UserResource.MAX_OFFSET;
            answer.links(nextWithinBound ? link("next", "page", pageNumber + 1)
                    : link("next", "after", page.get(page.size() - 1).id));
        }
        return answer;
    }

    static HttpProblem afterAndPage() {
        return HttpProblem.builder(Problems.problem(Response.Status.BAD_REQUEST,
                "Give either after (keyset paging) or page (offset paging), not both"))
                .with("violations", List.of(Map.of("field", "page", "in", "query",
                        "message", "must not be given together with after")))
                .build();
    }

    static HttpProblem tooDeep(int pageNumber, int size) {
        return HttpProblem.builder(Problems.problem(Response.Status.BAD_REQUEST, "Page " + pageNumber + " of size "
                + size + " starts beyond row " + UserResource.MAX_OFFSET + ", the deepest that page/size paging "
                + "reads; page on with after=<the last id you saw>&size=" + size + " (keyset paging), or follow the "
                + "Link header's rel=\"next\""))
                .withType(Problems.PAGE_TOO_DEEP)
                .withTitle("Page too deep")
                .with("violations", List.of(Map.of("field", "page", "in", "query",
                        "message", "page * size must be at most " + UserResource.MAX_OFFSET)))
                .build();
    }

    private List<User> trim(List<User> users) {
        return users.size() > size ? users.subList(0, size) : users;
    }

    private Link link(String rel, String parameter, long value) {
        return Link.fromUri(UriBuilder.fromPath(path).queryParam(parameter, value).queryParam("size", size).build())
                .rel(rel).build();
    }
}
