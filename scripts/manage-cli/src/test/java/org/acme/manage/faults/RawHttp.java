package org.acme.manage.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.acme.manage.harness.FreePort;

/**
 * Sends bytes exactly as given, which no HTTP client library does for a malformed request (a wrong Content-Length,
 * a smuggling attempt, a bare LF), and keeps what comes back. Only the status line and the Location header are read
 * out of the answer; the rest is kept as text to search for leaks.
 */
final class RawHttp {

    /** How long to wait for the first byte of an answer. */
    static final int READ_TIMEOUT_MILLIS = 5_000;
    /**
     * How long the rest of an answer may pause: a service may keep the connection open after answering in spite
     * of Connection: close, and telling where an answer ends would need a full HTTP parser.
     */
    static final int IDLE_AFTER_ANSWER_MILLIS = 500;

    /** What came back; {@code status} is {@link Http#NO_ANSWER} when the connection closed without an answer. */
    record Exchange(int status, String text) {

        String location() {
            for (String line : head().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("location:")) {
                    return line.substring("location:".length()).trim();
                }
            }
            return "";
        }

        String head() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A well-formed HTTP/1.1 request (Connection: close) around a method, target, headers and body. */
    static byte[] request(String method, String target, String contentType, byte[] body, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        if (!headers.containsKey("Host")) {
            head.append("Host: ").append(FreePort.LOOPBACK).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            bytes.writeBytes(body);
        }
        return bytes.toByteArray();
    }

    /**
     * Sends the bytes and reads until the service closes the connection (every request says Connection: close).
     * With {@code halfClose} it then closes its sending side too, for a request that the service would otherwise
     * wait to see the rest of; an HTTP server may close the whole connection on that, answered or not.
     */
    Exchange exchange(byte[] request, boolean halfClose) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FreePort.LOOPBACK, port), 2000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(request);
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the service may close the connection before reading everything (a body over its limit):
                // its answer, if any, is still there to read
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    answer.write(buffer, 0, read);
                    socket.setSoTimeout(IDLE_AFTER_ANSWER_MILLIS);
                }
            } catch (SocketTimeoutException e) {
                if (answer.size() == 0) {
                    return new Exchange(Http.NO_ANSWER, "no answer within " + READ_TIMEOUT_MILLIS + " ms");
                }
            } catch (IOException e) {
                // a reset after the answer: keep what was read
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            return new Exchange(status(text), text);
        } catch (IOException e) {
            return new Exchange(Http.REFUSED, e.toString());
        }
    }

    private static int status(String text) {
        if (text.startsWith("HTTP/") && text.length() >= 12 && text.charAt(8) == ' ') {
            try {
                return Integer.parseInt(text.substring(9, 12));
            } catch (NumberFormatException e) {
                return Http.NO_ANSWER;
            }
        }
        return Http.NO_ANSWER;
    }
}
