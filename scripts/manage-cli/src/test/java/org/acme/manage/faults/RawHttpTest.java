package org.acme.manage.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The raw client of the hostile input scenario, against a one-shot server on 127.0.0.1. */
class RawHttpTest {

    @Test
    void sendsTheBytesAsTheyAreAndReadsStatusAndLocation() throws Exception {
        byte[] request = RawHttp.request("POST", "/users", "application/json",
                "{\"email\":\"a@example.com\"}".getBytes(StandardCharsets.UTF_8), Map.of("X-A", "b"));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> answerOnce(server,
                    "HTTP/1.1 201 Created\r\nLocation: http://127.0.0.1/users/7\r\ncontent-length: 0\r\n\r\n"));

            RawHttp.Exchange exchange = new RawHttp(server.getLocalPort()).exchange(request, true);

            assertThat(exchange.status()).isEqualTo(201);
            assertThat(exchange.location()).isEqualTo("http://127.0.0.1/users/7");
            assertThat(received.get()).isEqualTo("POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 25\r\nX-A: b\r\nConnection: close\r\n\r\n"
                    + "{\"email\":\"a@example.com\"}");
        }
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsNoAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.supplyAsync(() -> answerOnce(server, ""));

            RawHttp.Exchange exchange = new RawHttp(server.getLocalPort()).exchange(
                    "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true);

            assertThat(exchange.status()).isEqualTo(Http.NO_ANSWER);
        }
    }

    /** Reads the request until the client half-closes, answers, closes; returns what it read. */
    private static String answerOnce(ServerSocket server, String answer) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            in.transferTo(request);
            socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
            return request.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
