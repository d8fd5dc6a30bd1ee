package org.acme.manage.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Cleartext HTTP/2 with prior knowledge (RFC 9113, 3.3), as {@code curl --http2-prior-knowledge} speaks it, as bytes:
 * the client's preface, its SETTINGS, a POST's HEADERS (HPACK without Huffman nor the dynamic table) and DATA frames.
 * An HTTP/2 request body declares neither {@code Content-Length} nor {@code Transfer-Encoding}, and one connection
 * carries many streams: what the service's HTTP/1.1 bounds are not built for. The service serves HTTP/1.1 only on its
 * API port ({@code quarkus.http.http2=false}); the scenarios check that each h2c attempt is refused as fast as the
 * HTTP/1.1 bounds would end it. Were h2c served, {@link Outcome#http2()} says so (its status is not decoded: any
 * such outcome fails the scenarios).
 */
final class H2c {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0, HEADERS = 0x1, SETTINGS = 0x4;
    private static final int END_STREAM = 0x1, END_HEADERS = 0x4;
    /** The default SETTINGS_MAX_FRAME_SIZE: a longer body goes in several DATA frames. */
    static final int MAX_FRAME = 16_384;

    private H2c() {
    }

    /** The preface and an empty SETTINGS frame: what a client sends first. */
    static byte[] start() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREFACE);
        out.writeBytes(frame(SETTINGS, 0, 0, new byte[0]));
        return out.toByteArray();
    }

    /** The HEADERS of {@code POST /users} (JSON) on {@code stream}, its body to follow. */
    static byte[] postHeaders(int stream, String authority) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x83); // :method POST (static table 3)
        block.write(0x86); // :scheme http (static table 6)
        literal(block, 4, "/users"); // :path
        literal(block, 1, authority); // :authority
        literal(block, 31, "application/json"); // content-type
        return frame(HEADERS, END_HEADERS, stream, block.toByteArray());
    }

    /** {@code body} as DATA frames on {@code stream}, the last one ending it when {@code end}. */
    static byte[] data(int stream, byte[] body, boolean end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int offset = 0;
        do {
            int length = Math.min(MAX_FRAME, body.length - offset);
            byte[] payload = new byte[length];
            System.arraycopy(body, offset, payload, 0, length);
            offset += length;
            out.writeBytes(frame(DATA, end && offset == body.length ? END_STREAM : 0, stream, payload));
        } while (offset < body.length);
        return out.toByteArray();
    }

    /**
     * What the service did with a connection: {@code http2} when its first bytes were an HTTP/2 SETTINGS frame (the
     * server's preface); {@code closed} when it closed the connection (or reset it) within the wait; {@code head} its
     * first bytes as text, for the figures; {@code millis} from the first byte sent to the close (or the wait's end).
     */
    record Outcome(boolean http2, boolean closed, String head, long millis) {

        /** Not served over HTTP/2, and the connection closed. */
        boolean refused() {
            return !http2 && closed;
        }
    }

    /** A whole POST of {@code body} over h2c on a new connection, waiting at most {@code waitMillis} for its end. */
    static Outcome post(String host, int port, byte[] body, int waitMillis) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(start());
        request.writeBytes(postHeaders(1, host + ":" + port));
        request.writeBytes(data(1, body, true));
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(waitMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException closedWhileSending) {
                // a server that refuses at the preface may close before the body is out: read what it said
            }
            return read(socket.getInputStream(), started, waitMillis);
        } catch (IOException e) {
            return new Outcome(false, true, "(" + e.getClass().getSimpleName() + ")", (System.nanoTime() - started)
                    / 1_000_000);
        }
    }

    private static Outcome read(InputStream in, long started, int waitMillis) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        boolean closed;
        try {
            for (int read; (read = in.read(buffer)) >= 0;) {
                answer.write(buffer, 0, read);
                if (System.nanoTime() - started > waitMillis * 1_000_000L) {
                    break;
                }
            }
            closed = true;
        } catch (SocketTimeoutException silent) {
            closed = false;
        } catch (IOException reset) {
            closed = true;
        }
        byte[] bytes = answer.toByteArray();
        return new Outcome(isServerPreface(bytes), closed, printable(bytes, 12), (System.nanoTime() - started)
                / 1_000_000);
    }

    /** An HTTP/2 server's first frame is its SETTINGS (RFC 9113, 3.4): a 24-bit length, then type 0x04. */
    static boolean isServerPreface(byte[] bytes) {
        return bytes.length >= 9 && bytes[3] == SETTINGS;
    }

    /** The first {@code max} bytes, printable ASCII as it is and the rest as \xNN. */
    static String printable(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && i < max; i++) {
            byte b = bytes[i];
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }

    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        // literal header field without indexing, indexed name (4-bit prefix), value without Huffman (7-bit prefix)
        integer(block, 0x00, 4, nameIndex);
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        integer(block, 0x00, 7, bytes.length);
        block.writeBytes(bytes);
    }

    /** RFC 7541, 5.1. */
    private static void integer(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        value -= max;
        while (value >= 128) {
            out.write(value % 128 + 128);
            value /= 128;
        }
        out.write(value);
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] frame = new byte[9 + payload.length];
        frame[0] = (byte) (payload.length >>> 16);
        frame[1] = (byte) (payload.length >>> 8);
        frame[2] = (byte) payload.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        frame[5] = (byte) (stream >>> 24 & 0x7f);
        frame[6] = (byte) (stream >>> 16);
        frame[7] = (byte) (stream >>> 8);
        frame[8] = (byte) stream;
        System.arraycopy(payload, 0, frame, 9, payload.length);
        return frame;
    }
}
