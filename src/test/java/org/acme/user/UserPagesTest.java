package org.acme.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

/** The Link header of a page, on pages that the tests' tables are too small to reach. */
class UserPagesTest {

    @Test
    void theNextOfTheDeepestOffsetPagesIsAKeysetPage() {
        UserPages pages = new UserPages("/users", 20);

        // page 499 starts at row 9980: page 500 (row 10000) is still served, page 501 would be refused
        assertThat(links(pages.offset(users(21), 499))).contains("</users?page=500&size=20>; rel=\"next\"");
        assertThat(links(pages.offset(users(21), 500))).contains("</users?after=20&size=20>; rel=\"next\"");
    }

    @Test
    void theLinksKeepThePathThatTheRequestReached() {
        UserPages pages = new UserPages("/api/users", 2);

        assertThat(links(pages.keyset(users(3)))).containsExactly("</api/users?after=0&size=2>; rel=\"first\"",
                "</api/users?after=2&size=2>; rel=\"next\"");
    }

    @Test
    void aPageIsTrimmedToItsSize() {
        Response answer = new UserPages("/users", 2).keyset(users(3)).build();

        assertThat((List<?>) answer.getEntity()).hasSize(2);
    }

    private static List<User> users(int count) {
        return LongStream.rangeClosed(1, count).mapToObj(id -> {
            User user = new User();
            user.id = id;
            user.email = "user" + id + "@example.com";
            return user;
        }).toList();
    }

    private static List<String> links(Response.ResponseBuilder answer) {
        return answer.build().getHeaders().get("Link").stream().map(String::valueOf).toList();
    }
}
