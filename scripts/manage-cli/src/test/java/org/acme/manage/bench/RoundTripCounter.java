package org.acme.manage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.acme.manage.ManageException;
import org.acme.manage.harness.FreePort;

/**
 * A TCP relay on 127.0.0.1 (a port the OS picks) in front of PostgreSQL that counts its clients' round trips: the
 * messages after which a client waits for the server's answer, a Sync (extended protocol) or a Query (simple
 * protocol), but not a Query that starts with BEGIN: pgjdbc opens a transaction with one, sent ahead of the first
 * statement's messages without waiting for its answer. Counted on the wire, so that what the server's statistics
 * leave out counts too: pgjdbc's {@code isValid}, Agroal's validation of a connection it hands out, is an empty
 * Query, which pg_stat_statements does not record. The client must not use TLS through it (sslmode=disable): the
 * relay reads the messages.
 */
final class RoundTripCounter implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final LongAdder roundTrips = new LongAdder();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private RoundTripCounter(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    static RoundTripCounter start(String targetHost, int targetPort) {
        try {
            ServerSocket listener = new ServerSocket(0, 200, InetAddress.getByName(FreePort.LOOPBACK));
            RoundTripCounter counter = new RoundTripCounter(listener, new InetSocketAddress(targetHost, targetPort));
            daemon("round-trips-accept", counter::accept);
            return counter;
        } catch (IOException e) {
            throw new ManageException("cannot start the round-trip counter: " + e.getMessage(), e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Round trips of every connection so far. */
    long roundTrips() {
        return roundTrips.sum();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(RoundTripCounter::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(target, 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                FrontendMessages messages = new FrontendMessages(roundTrips);
                daemon("round-trips-up", () -> pump(client, server, messages));
                daemon("round-trips-down", () -> pump(server, client, null));
            } catch (IOException e) {
                // the listener was closed
            }
        }
    }

    private void pump(Socket from, Socket to, FrontendMessages messages) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (messages != null) {
                    messages.feed(buffer, 0, read);
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // one side closed or reset: the other is closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The client's side of one connection, read as PostgreSQL's protocol 3 frames it, in whatever pieces TCP
     * delivers: first untyped messages (length, then a code: SSLRequest or GSSENCRequest, each answered by one byte,
     * then the StartupMessage), then typed ones (a type byte, then a length that counts itself).
     */
    static final class FrontendMessages {

        private static final byte[] BEGIN = "BEGIN".getBytes(StandardCharsets.US_ASCII);

        private final LongAdder roundTrips;
        private final byte[] header = new byte[8];
        private final byte[] queryStart = new byte[BEGIN.length];
        private int headerRead;
        private long bodyLeft;
        private boolean started;
        /** The bytes of a Query's text read so far, -1 outside a Query. */
        private int queryRead = -1;

        FrontendMessages(LongAdder roundTrips) {
            this.roundTrips = roundTrips;
        }

        void feed(byte[] buffer, int offset, int length) {
            int end = offset + length;
            int at = offset;
            while (at < end) {
                if (bodyLeft > 0) {
                    int taken = (int) Math.min(bodyLeft, end - at);
                    if (queryRead >= 0) {
                        int copied = Math.min(taken, queryStart.length - queryRead);
                        System.arraycopy(buffer, at, queryStart, queryRead, copied);
                        queryRead += copied;
                        if (queryRead == queryStart.length || taken == bodyLeft) {
                            if (!(queryRead == BEGIN.length && Arrays.equals(queryStart, BEGIN))) {
                                roundTrips.increment();
                            }
                            queryRead = -1;
                        }
                    }
                    at += taken;
                    bodyLeft -= taken;
                    continue;
                }
                header[headerRead++] = buffer[at++];
                if (headerRead < (started ? 5 : 8)) {
                    continue;
                }
                headerRead = 0;
                if (started) {
                    bodyLeft = intAt(1) - 4;
                    if (header[0] == 'S') {
                        roundTrips.increment();
                    } else if (header[0] == 'Q') {
                        queryRead = 0;
                    }
                } else {
                    bodyLeft = intAt(0) - 8;
                    // protocol version 3.x: the StartupMessage; SSLRequest and the like carry other codes
                    started = intAt(4) >>> 16 == 3;
                }
            }
        }

        private int intAt(int index) {
            return (header[index] & 0xff) << 24 | (header[index + 1] & 0xff) << 16 | (header[index + 2] & 0xff) << 8
                    | header[index + 3] & 0xff;
        }
    }
}
