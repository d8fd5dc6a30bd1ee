package org.acme.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A body must arrive in full within {@code http.request-body-deadline} (10 s, see application.properties) of its
 * headers, however steadily it dribbles in.
 */
@QuarkusTest
class RequestBodyDeadlineTest {

    private static final String HEADERS = "POST /users HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    @Test
    void aBodyStillDribblingAtTheDeadlineGetsA408ProblemAndItsConnectionClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(HEADERS.getBytes(StandardCharsets.US_ASCII));
            // a byte every second: never a pause as long as the read timeout, and 100 s for the whole body
            CompletableFuture<Void> dribbling = CompletableFuture.runAsync(() -> dribble(out, "{\"email\": \""
                    + "a".repeat(89)));

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 408 ")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("connection: close")
                    .contains("\"detail\":\"The request body did not arrive in full within 10 s\"");
            dribbling.cancel(true);
        }
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void aBodyThatArrivesInPiecesWithinTheDeadlineIsServed() throws Exception {
        String body = "{\"email\": \"pieces@example.com\"}";
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(HEADERS.replace("100", Integer.toString(body.length())).replace("HTTP/1.1\r\n",
                    "HTTP/1.1\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String piece : new String[] {body.substring(0, 10), body.substring(10, 20), body.substring(20)}) {
                Thread.sleep(300);
                out.write(piece.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }

            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 201 ");
        }
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    private static void dribble(OutputStream out, String bytes) {
        try {
            for (byte b : bytes.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException closedOrDone) {
            // the server closed the connection: what the test waits for
        }
    }
}
