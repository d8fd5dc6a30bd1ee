package org.acme.http;

import static org.acme.http.RawHttp.POST_USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A body must arrive in full within {@code http.request-body-deadline} (10 s, see application.properties) of its
 * headers, however steadily it dribbles in.
 */
@QuarkusTest
class RequestBodyDeadlineTest {

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    /**
     * A byte a second: never a pause as long as the read timeout, and far more than the deadline for the whole body.
     * The rest of the body, sent once the 408 has come, is not processed: the deadline won the race.
     */
    @Test
    void aBodyStillDribblingAtTheDeadlineGetsA408ProblemAndIsNotProcessedWhenItCompletesAfter() throws Exception {
        String body = "{\"email\": \"dribbled-until-long-after-the-deadline@example.com\"}";
        try (RawHttp http = RawHttp.connect()) {
            http.send(POST_USERS + "Content-Length: " + body.length() + "\r\n\r\n");
            CompletableFuture<String> head = CompletableFuture.supplyAsync(() -> {
                try {
                    return http.head();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int sent = 0;
            while (!head.isDone()) {
                assertThat(sent).as("the whole body was sent without a 408").isLessThan(body.length() - 1);
                http.send(body.substring(sent, ++sent));
                try {
                    head.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException notYet) {
                    // the next byte
                }
            }

            assertThat(head.get()).startsWith("HTTP/1.1 408 ")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("connection: close")
                    .containsIgnoringCase("x-content-type-options: nosniff")
                    .containsIgnoringCase("cache-control: no-store");
            try {
                http.send(body.substring(sent));
            } catch (IOException closedAlready) {
                // the deadline closes the connection after its answer: the rest may not even go out
            }
            assertThat(http.answer()).contains("\"detail\":\"The request body did not arrive in full within 10 s\"");
        }
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void aBodyThatArrivesInPiecesWithinTheDeadlineIsServed() throws Exception {
        String body = "{\"email\": \"pieces@example.com\"}";
        try (RawHttp http = RawHttp.connect()) {
            http.send(POST_USERS + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n");
            for (String piece : new String[] {body.substring(0, 10), body.substring(10, 20), body.substring(20)}) {
                Thread.sleep(300);
                http.send(piece);
            }

            assertThat(http.answer()).startsWith("HTTP/1.1 201 ");
        }
        assertThat(UsersTable.count()).isEqualTo(1);
    }
}
