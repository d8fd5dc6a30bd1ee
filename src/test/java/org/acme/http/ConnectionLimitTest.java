package org.acme.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * {@code quarkus.http.limits.max-connections} (1024, application.properties): a connection over the limit is closed
 * without an answer, and connections are served again once others have closed. Holding 1025 connections costs about
 * 2050 file descriptors in this JVM (both ends), well under the JVM's limit (it raises its soft limit to the hard
 * one).
 */
@QuarkusTest
class ConnectionLimitTest {

    private static final int MAX_CONNECTIONS = 1024;
    /** Answered without the database, and the connection kept open. */
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Test
    void aConnectionOverTheLimitIsClosedWithoutAnAnswerAndConnectionsAreServedAgainOnceOthersClose()
            throws Exception {
        List<Socket> connections = new ArrayList<>();
        int answered = 0;
        int refused = 0;
        try {
            // connections left open by earlier tests count too: the limit may be reached before the last one
            for (int i = 0; i <= MAX_CONNECTIONS; i++) {
                Socket connection = new Socket("127.0.0.1", RestAssured.port);
                connection.setSoTimeout((int) PATIENCE.toMillis());
                connections.add(connection);
                if (statusLine(connection).startsWith("HTTP/1.1 200 ")) {
                    answered++;
                } else {
                    refused++;
                }
            }
        } finally {
            for (Socket connection : connections) {
                connection.close();
            }
        }

        assertThat(refused).as("connections closed without an answer").isPositive();
        assertThat(answered).isLessThanOrEqualTo(MAX_CONNECTIONS);
        awaitServed();
    }

    /** The first line of the answer, or "" when the server closes the connection instead. */
    private static String statusLine(Socket connection) throws IOException {
        try {
            connection.getOutputStream().write(REQUEST);
            StringBuilder line = new StringBuilder();
            for (int b = connection.getInputStream().read(); b >= 0 && b != '\r'; b = connection.getInputStream().read()) {
                line.append((char) b);
            }
            return line.toString();
        } catch (IOException reset) {
            return "";
        }
    }

    /** The server counts a closed connection out once it notices the close: until then a new one may be refused. */
    private static void awaitServed() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                given().get("/users").then().statusCode(200);
                return;
            } catch (RuntimeException | AssertionError refusedStill) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("no connection served once the others had closed", refusedStill);
                }
                Thread.sleep(50);
            }
        }
    }
}
