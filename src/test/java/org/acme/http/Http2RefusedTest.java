package org.acme.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.acme.user.UsersTable;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The API port speaks HTTP/1.1 only ({@code quarkus.http.http2=false}, see SECURITY.md): an HTTP/2 request body has
 * neither {@code Content-Length} nor {@code Transfer-Encoding}, one connection carries many streams, and the filters of
 * this package bound HTTP/1.1 requests. So neither way into cleartext HTTP/2 (h2c) may lead to HTTP/2: the
 * prior-knowledge preface gets no server preface (a SETTINGS frame), and an {@code Upgrade: h2c} gets no 101.
 */
@QuarkusTest
class Http2RefusedTest {

    /** RFC 9113, 3.4: the client's connection preface, followed by its (empty) SETTINGS frame. */
    private static final byte[] PRIOR_KNOWLEDGE;

    static {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] settings = { 0, 0, 0, 0x04, 0, 0, 0, 0, 0 };
        PRIOR_KNOWLEDGE = new byte[preface.length + settings.length];
        System.arraycopy(preface, 0, PRIOR_KNOWLEDGE, 0, preface.length);
        System.arraycopy(settings, 0, PRIOR_KNOWLEDGE, preface.length, settings.length);
    }

    /** A SETTINGS frame's header: a 24-bit length, then type 0x04 (RFC 9113, 4.1 and 6.5). */
    private static boolean startsWithSettingsFrame(byte[] answer) {
        return answer.length >= 9 && answer[3] == 0x04;
    }

    @Test
    void thePriorKnowledgePrefaceGetsNoHttp2() throws IOException {
        byte[] answer = exchange(PRIOR_KNOWLEDGE);

        assertThat(startsWithSettingsFrame(answer)).as("an HTTP/2 server preface: %s", printable(answer)).isFalse();
        // what is there instead: Vert.x reads the preface as an HTTP/1 request line of version HTTP/2.0 and Vert.x Web
        // refuses it (no Host); the answer is HTTP/1 text, which no HTTP/2 client takes (curl: "Empty reply")
        assertThat(printable(answer)).matches("(?s)HTTP/2\\.0 400 .*")
                .containsIgnoringCase("x-content-type-options: nosniff")
                .containsIgnoringCase("cache-control: no-store");
    }

    /** A request then goes on as HTTP/1.1, as if the header were not there (RFC 9110, 7.8: a server may ignore it). */
    @Test
    void anUpgradeToH2cIsIgnored() throws IOException {
        UsersTable.clear();
        byte[] answer = exchange(("GET /users HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(printable(answer)).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("upgrade: h2c")
                .endsWith("[]");
    }

    /** Sends {@code request} and reads until the server closes the connection or is silent for 5 s. */
    private static byte[] exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read; (read = in.read(buffer)) >= 0;) {
                    answer.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException silent) {
                // an HTTP/2 server keeps the connection open after its preface
            } catch (IOException reset) {
                // a refusal may reset the connection rather than close it
            }
            return answer.toByteArray();
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7f || b == '\r' || b == '\n' ? (char) b : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}
