package org.acme.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.restassured.RestAssured;

/**
 * A connection to the API that sends bytes as given: for requests that an HTTP client would correct or send at once
 * (a stalled body, a malformed header).
 */
final class RawHttp implements AutoCloseable {

    /** Far beyond every timeout of the service (30 s of idle connection the longest): no answer by then hangs. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static final String POST_USERS = "POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";

    private final Socket socket;

    private RawHttp() throws IOException {
        socket = new Socket("127.0.0.1", RestAssured.port);
        socket.setSoTimeout((int) PATIENCE.toMillis());
    }

    static RawHttp connect() throws IOException {
        return new RawHttp();
    }

    /** Sends {@code text} (ASCII) as it is, at once. */
    RawHttp send(String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /** Everything the service sends until it closes the connection. */
    String answer() throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The first line and headers of the answer, once they have arrived, leaving the connection open. */
    String head() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
