package org.acme.paging;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * One page of a list and its RFC 8288 {@code Link} header. The links are relative references (a path and a query,
 * no scheme or host), so that nothing in them comes from the request's {@code Host} header.
 *
 * @param path the list's path as the request reached it (with any root path), e.g. {@code /users}
 * @param size the page size asked for
 */
record PageLinks(String path, int size) {

    /** A keyset page: {@code rows} holds up to one row more than the page, which says whether there is a next. */
    <T> Response.ResponseBuilder keyset(List<T> rows, ToLongFunction<T> idOf, Function<T, ?> toBody) {
        List<T> page = trim(rows);
        Response.ResponseBuilder answer = Response.ok(page.stream().map(toBody).toList())
                .links(link("first", "after", 0));
        if (rows.size() > size) {
            answer.links(link("next", "after", idOf.applyAsLong(page.get(page.size() - 1))));
        }
        return answer;
    }

    /**
     * An offset page. Its next is the following page while that one is within {@link PageRequest#MAX_OFFSET};
     * past it, the next page is asked for by keyset, so that a client that follows the links never meets the
     * refusal of a deep page.
     */
    <T> Response.ResponseBuilder offset(List<T> rows, int pageNumber, ToLongFunction<T> idOf, Function<T, ?> toBody) {
        List<T> page = trim(rows);
        Response.ResponseBuilder answer = Response.ok(page.stream().map(toBody).toList())
                .links(link("first", "page", 0));
        if (rows.size() > size) {
            boolean nextWithinBound = (long) (pageNumber + 1) * size <= PageRequest.MAX_OFFSET;
            answer.links(nextWithinBound ? link("next", "page", pageNumber + 1)
                    : link("next", "after", idOf.applyAsLong(page.get(page.size() - 1))));
        }
        return answer;
    }

    private <T> List<T> trim(List<T> rows) {
        return rows.size() > size ? rows.subList(0, size) : rows;
    }

    private Link link(String rel, String parameter, long value) {
        return Link.fromUri(UriBuilder.fromPath(path).queryParam(parameter, value).queryParam("size", size).build())
                .rel(rel).build();
    }
}
