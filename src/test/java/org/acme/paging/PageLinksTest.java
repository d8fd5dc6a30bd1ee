package org.acme.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

/** The Link header of a page, on pages that the tests' tables are too small to reach. Rows here are their ids. */
class PageLinksTest {

    @Test
    void theNextOfTheDeepestOffsetPagesIsAKeysetPage() {
        PageLinks pages = new PageLinks("/users", 20);

        // page 499 starts at row 9980: page 500 (row 10000) is still served, page 501 would be refused
        assertThat(links(pages.offset(ids(21), 499, Long::longValue, Function.identity())))
                .contains("</users?page=500&size=20>; rel=\"next\"");
        assertThat(links(pages.offset(ids(21), 500, Long::longValue, Function.identity())))
                .contains("</users?after=20&size=20>; rel=\"next\"");
    }

    @Test
    void theLinksKeepThePathThatTheRequestReached() {
        PageLinks pages = new PageLinks("/api/users", 2);

        assertThat(links(pages.keyset(ids(3), Long::longValue, Function.identity())))
                .containsExactly("</api/users?after=0&size=2>; rel=\"first\"",
                        "</api/users?after=2&size=2>; rel=\"next\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPageIsTrimmedToItsSizeAndEachRowAnsweredAsItsBody() {
        Response answer = new PageLinks("/users", 2).keyset(ids(3), Long::longValue, id -> "row " + id).build();

        assertThat((List<Object>) answer.getEntity()).containsExactly("row 1", "row 2");
    }

    private static List<Long> ids(int count) {
        return LongStream.rangeClosed(1, count).boxed().toList();
    }

    private static List<String> links(Response.ResponseBuilder answer) {
        return answer.build().getHeaders().get("Link").stream().map(String::valueOf).toList();
    }
}
