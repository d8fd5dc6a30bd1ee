package org.acme.http;

import static org.acme.http.RawHttp.POST_USERS;
import static org.assertj.core.api.Assertions.assertThat;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests that the HTTP layer refuses before the service sees them, sent as they are (an HTTP client would not):
 * a clear 4xx and a closed connection, never a 500, and nothing stored. These answers come from Vert.x with no
 * body: the API's document promises a problem document for none of them.
 */
@QuarkusTest
class MalformedRequestsTest {

    private static final String BODY = "{\"email\": \"malformed@example.com\"}";

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "-1", "1e3", "34 34" })
    void anUnparsableContentLengthGets400(String length) throws Exception {
        try (RawHttp http = RawHttp.connect()) {
            http.send(POST_USERS + "Content-Length: " + length + "\r\n\r\n" + BODY);

            assertThat(http.answer()).startsWith("HTTP/1.1 400 ");
        }
        assertThat(UsersTable.count()).isZero();
    }

    /** quarkus.http.limits.max-header-size is 8 KiB (application.properties). */
    @Test
    void headersOverTheLimitGet431() throws Exception {
        try (RawHttp http = RawHttp.connect()) {
            http.send(POST_USERS + "X-Padding: " + "a".repeat(8 * 1024) + "\r\nContent-Length: " + BODY.length()
                    + "\r\n\r\n" + BODY);

            assertThat(http.answer()).startsWith("HTTP/1.1 431 ");
        }
        assertThat(UsersTable.count()).isZero();
    }

    /** The same request with sound headers is stored: what the tests above refuse is the headers alone. */
    @Test
    void theSameRequestWellFormedIsStored() throws Exception {
        try (RawHttp http = RawHttp.connect()) {
            http.send(POST_USERS + "Connection: close\r\nX-Padding: " + "a".repeat(1024) + "\r\nContent-Length: "
                    + BODY.length() + "\r\n\r\n" + BODY);

            assertThat(http.answer()).startsWith("HTTP/1.1 201 ");
        }
        assertThat(UsersTable.count()).isEqualTo(1);
    }
}
