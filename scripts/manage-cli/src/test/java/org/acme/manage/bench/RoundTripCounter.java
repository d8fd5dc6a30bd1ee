package org.acme.manage.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import org.acme.manage.harness.TcpRelay;

/**
 * A {@link TcpRelay} in front of PostgreSQL that counts its clients' round trips: the messages after which a client
 * waits for the server's answer, a Sync (extended protocol) or a Query (simple protocol), but not a Query that
 * starts with BEGIN: pgjdbc opens a transaction with one, sent ahead of the first statement's messages without
 * waiting for its answer. Counted on the wire, so that what the server's statistics
 * leave out counts too: pgjdbc's {@code isValid}, Agroal's validation of a connection it hands out, is an empty
 * Query, which pg_stat_statements does not record. The client must not use TLS through it (sslmode=disable): the
 * relay reads the messages.
 */
final class RoundTripCounter implements AutoCloseable {

    private final LongAdder roundTrips;
    private final TcpRelay relay;

    private RoundTripCounter(LongAdder roundTrips, TcpRelay relay) {
        this.roundTrips = roundTrips;
        this.relay = relay;
    }

    static RoundTripCounter start(String targetHost, int targetPort) {
        LongAdder roundTrips = new LongAdder();
        return new RoundTripCounter(roundTrips,
                TcpRelay.start(targetHost, targetPort, () -> new FrontendMessages(roundTrips)));
    }

    int port() {
        return relay.port();
    }

    /** Round trips of every connection so far. */
    long roundTrips() {
        return roundTrips.sum();
    }

    @Override
    public void close() {
        relay.close();
    }

    /**
     * The client's side of one connection, read as PostgreSQL's protocol 3 frames it, in whatever pieces TCP
     * delivers: first untyped messages (length, then a code: SSLRequest or GSSENCRequest, each answered by one byte,
     * then the StartupMessage), then typed ones (a type byte, then a length that counts itself).
     */
    static final class FrontendMessages implements TcpRelay.Tap {

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

        @Override
        public void feed(byte[] buffer, int offset, int length) {
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
