package org.acme.manage.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.function.ToLongFunction;

import org.acme.manage.harness.FreePort;
import org.acme.manage.harness.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: hundreds of connections that send their request headers one byte a second without end, and others
 * that send a POST's body so, while a normal client goes on. The server must close the first within its idle
 * timeout of their connecting, the others with a 408 within its body deadline; the normal client must not notice,
 * and the process must stay up. The same bodies over cleartext HTTP/2 with prior knowledge ({@link H2c}: many
 * streams on each connection, each body dribbled a byte a second in DATA frames, no length declared) must be refused
 * (the API port speaks HTTP/1.1 only), and so within the body deadline too.
 */
@FaultScenario
class SlowClientsTest {

    static final int HEADER_TRICKLERS = 300;
    static final int BODY_TRICKLERS = 50;
    static final int BODY_LENGTH = 100;
    /** 300 h2c streams: {@code H2C_CONNECTIONS} connections of {@code H2C_STREAMS} each. */
    static final int H2C_CONNECTIONS = 10;
    static final int H2C_STREAMS = 30;
    static final Duration CLOSE_SLACK = Duration.ofSeconds(5);
    /** Between two slow connections' opening: 350 at once would measure the suite's connect loop on a busy VM. */
    static final Duration OPENING_PAUSE = Duration.ofMillis(10);

    enum Kind { HEADERS, BODY, H2C }

    /**
     * One slow connection: the bytes it dribbles ({@code chunk} of them a second: one, or over h2c a 1-byte DATA frame
     * for each of its streams), and when it opened, sent its last bytes, and was closed.
     */
    private static final class Slow {
        final SocketChannel channel;
        final Kind kind;
        final byte[] trickle;
        final int chunk;
        final boolean isBody;
        final long opened = System.nanoTime();
        long lastByte = opened;
        long closed = -1;
        final StringBuilder answer = new StringBuilder();
        boolean http2;

        Slow(SocketChannel channel, Kind kind, byte[] trickle, int chunk) {
            this.channel = channel;
            this.kind = kind;
            this.trickle = trickle;
            this.chunk = chunk;
            this.isBody = kind == Kind.BODY;
        }
    }

    @Test
    void run(FaultRun run, Verdict verdict) throws Exception {
        Duration idleTimeout = run.configuredDuration("quarkus.http.idle-timeout");
        // how long a whole body may take
        Duration bodyDeadline = run.configuredDuration("http.request-body-deadline");
        String database = run.createDatabase(run.name());
        try (ServiceProcess service = run.start(run.launch(database), run.name());
                Selector selector = Selector.open()) {
            long[] ids = run.seedUsers(database, "seed", 100);
            List<Slow> slow = new ArrayList<>();
            List<MixedLoad.Sample> samples;
            try (MixedLoad normal = new MixedLoad(new Http(service.baseUrl()), 1, "slow-clients-", ids, 100)) {
                normal.start();
                FaultRun.pause(Duration.ofSeconds(2)); // its first requests warm the service up
                String head = "Host: " + FreePort.LOOPBACK + "\r\n";
                for (int i = 0; i < HEADER_TRICKLERS + BODY_TRICKLERS; i++) {
                    slow.add(i < HEADER_TRICKLERS
                            ? open(service, selector, "GET /users HTTP/1.1\r\n" + head, "X-Slow: " + "a".repeat(8192))
                            : open(service, selector, "POST /users HTTP/1.1\r\n" + head + "Content-Type: "
                                    + "application/json\r\nContent-Length: " + BODY_LENGTH + "\r\n\r\n",
                                    "{\"email\":\"" + "a".repeat(BODY_LENGTH - 10)));
                    FaultRun.pause(OPENING_PAUSE);
                }
                for (int i = 0; i < H2C_CONNECTIONS; i++) {
                    slow.add(openH2c(service, selector));
                    FaultRun.pause(OPENING_PAUSE);
                }
                trickleAndWatch(slow, selector, idleTimeout);
                samples = normal.stop();
            }
            samples = samples.stream().filter(s -> s.sentNanos() >= slow.get(0).opened).toList();
            List<Http.Answer> gets = samples.stream().filter(s -> !"POST".equals(s.operation()))
                    .map(MixedLoad.Sample::answer).toList();
            List<Http.Answer> all = samples.stream().map(MixedLoad.Sample::answer).toList();
            List<Slow> closed = slow.stream().filter(s -> s.closed >= 0).toList();
            // the span in which every slow HTTP/1.1 connection was open at once (the h2c ones are refused at once)
            List<Slow> http1 = slow.stream().filter(s -> s.kind != Kind.H2C).toList();
            long allOpen = http1.stream().mapToLong(s -> s.opened).max().orElseThrow();
            long firstClosed = closed.stream().filter(s -> s.kind != Kind.H2C).mapToLong(s -> s.closed).min()
                    .orElse(Long.MAX_VALUE);
            List<MixedLoad.Sample> besideAll = samples.stream().filter(s -> s.sentNanos() >= allOpen
                    && s.sentNanos() + s.answer().millis() * 1_000_000 < firstClosed).toList();
            verdict.figure("slow connections", HEADER_TRICKLERS + " sending headers one byte a second without end, "
                    + BODY_TRICKLERS + " sending a " + BODY_LENGTH + "-byte body so, " + H2C_CONNECTIONS + " over h2c "
                    + "with " + H2C_STREAMS + " such bodies each (" + H2C_CONNECTIONS * H2C_STREAMS + " streams); "
                    + closed.size()
                    + " closed by the server; answers to them: " + closed.stream().filter(s -> s.answer.length() > 0)
                    .map(s -> s.answer.toString()).distinct().toList());
            verdict.figure("dribbling headers", lifetimes(closed.stream().filter(s -> s.kind == Kind.HEADERS).toList()));
            verdict.figure("dribbling a body", lifetimes(closed.stream().filter(s -> s.isBody).toList()));
            List<Slow> h2c = slow.stream().filter(s -> s.kind == Kind.H2C).toList();
            verdict.figure("dribbling bodies over h2c", lifetimes(closed.stream().filter(s -> s.kind == Kind.H2C)
                    .toList()) + "; " + h2c.stream().filter(s -> s.http2).count() + " answered with an HTTP/2 "
                    + "server preface; first bytes of the answers: " + h2c.stream().map(s -> s.answer.toString())
                    .distinct().toList());
            MixedLoad.Sample slowest = samples.stream().max(Comparator.comparingLong(s -> s.answer().millis()))
                    .orElseThrow();
            verdict.figure("normal client", Http.tally(all) + "; GETs max " + Http.slowest(gets) + " ms, p99 "
                    + Http.percentile(gets, 99) + " ms; the slowest request (" + slowest.operation() + ") sent "
                    + (slowest.sentNanos() - slow.get(0).opened) / 1_000_000 + " ms after the first slow connection "
                    + "opened; " + besideAll.size() + " requests sent and answered while all "
                    + http1.size() + " slow HTTP/1.1 connections were open");
            int readiness = service.readiness();
            verdict.figure("service", "PID " + service.pid() + ", readiness " + readiness + " at the end, RSS "
                    + service.rssKib().orElse(-1) / 1024 + " MiB");
            verdict.check(closed.size() == slow.size(), "the server closes every slow connection");
            verdict.check(closed.stream().filter(s -> s.kind == Kind.HEADERS).allMatch(s -> s.closed - s.opened
                    <= idleTimeout.plus(CLOSE_SLACK).toNanos()), "each dribbling headers, dribbling still, within "
                    + "the idle timeout of " + idleTimeout.toSeconds() + " s (and " + CLOSE_SLACK.toSeconds()
                    + " s of slack) of connecting");
            List<Slow> bodies = closed.stream().filter(s -> s.isBody).toList();
            verdict.check(bodies.stream().allMatch(s -> s.closed - s.opened <= bodyDeadline.plus(CLOSE_SLACK)
                    .toNanos() && s.answer.toString().startsWith("HTTP/1.1 408")), "each dribbling a body, dribbling "
                    + "still, with a 408 within the body deadline of " + bodyDeadline.toSeconds() + " s (and "
                    + CLOSE_SLACK.toSeconds() + " s of slack) of connecting");
            verdict.check(!h2c.isEmpty() && h2c.stream().allMatch(s -> !s.http2 && s.closed >= 0
                    && s.closed - s.opened <= bodyDeadline.plus(CLOSE_SLACK).toNanos()), "each h2c connection, "
                    + H2C_STREAMS + " bodies dribbling on it, is refused (no HTTP/2: the API port speaks HTTP/1.1 "
                    + "only) and closed within the body deadline of " + bodyDeadline.toSeconds() + " s (and "
                    + CLOSE_SLACK.toSeconds() + " s of slack) of connecting");
            verdict.check(besideAll.stream().anyMatch(s -> s.answer().succeeded()), "the normal client "
                    + "is served while all " + http1.size() + " slow HTTP/1.1 connections are open at once");
            // a GET that had to wait for a slow connection to let go of what it holds would wait until the first of
            // them is let go: the body deadline of its connecting
            verdict.check(!gets.isEmpty() && Http.slowest(gets) < bodyDeadline.toMillis(), "every GET of the "
                    + "normal client is answered within the body deadline (" + bodyDeadline.toSeconds() + " s): "
                    + "none waits for a slow connection to be let go");
            verdict.check(all.stream().allMatch(Http.Answer::succeeded), "every request of the normal client "
                    + "succeeds: no 5xx");
            verdict.check(service.isAlive() && readiness == 200, "the same process still runs, readiness UP");
        }
    }

    private static Slow open(ServiceProcess service, Selector selector, String start, String trickle)
            throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(FreePort.LOOPBACK, service.port()));
        channel.write(ByteBuffer.wrap(start.getBytes(StandardCharsets.US_ASCII)));
        channel.configureBlocking(false);
        Slow slow = new Slow(channel, trickle.startsWith("{") ? Kind.BODY : Kind.HEADERS,
                trickle.getBytes(StandardCharsets.US_ASCII), 1);
        channel.register(selector, SelectionKey.OP_READ, slow);
        return slow;
    }

    /**
     * An h2c connection with {@link #H2C_STREAMS} POSTs open on it, whose bodies it dribbles together: each second a
     * DATA frame of one byte on each stream.
     */
    private static Slow openH2c(ServiceProcess service, Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(FreePort.LOOPBACK, service.port()));
        java.io.ByteArrayOutputStream start = new java.io.ByteArrayOutputStream();
        start.writeBytes(H2c.start());
        for (int stream = 1; stream < 2 * H2C_STREAMS; stream += 2) {
            start.writeBytes(H2c.postHeaders(stream, FreePort.LOOPBACK + ":" + service.port()));
        }
        byte[] body = ("{\"email\":\"" + "a".repeat(BODY_LENGTH - 10)).getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream trickle = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length; i++) {
            for (int stream = 1; stream < 2 * H2C_STREAMS; stream += 2) {
                trickle.writeBytes(H2c.data(stream, new byte[] { body[i] }, false));
            }
        }
        byte[] chunks = trickle.toByteArray();
        try {
            channel.write(ByteBuffer.wrap(start.toByteArray()));
        } catch (IOException refusedAtOnce) {
            // read below: the close is what is measured
        }
        channel.configureBlocking(false);
        Slow slow = new Slow(channel, Kind.H2C, chunks, chunks.length / body.length);
        channel.register(selector, SelectionKey.OP_READ, slow);
        return slow;
    }

    /**
     * Sends each the next byte of its trickle every second until the server closes it or the trickle ends, and
     * watches them for at most the idle timeout and twice the slack.
     */
    private static void trickleAndWatch(List<Slow> slow, Selector selector, Duration idleTimeout)
            throws IOException {
        long started = System.nanoTime();
        long deadline = started + idleTimeout.plus(CLOSE_SLACK).plus(CLOSE_SLACK).toNanos();
        int sent = 0;
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (System.nanoTime() < deadline && slow.stream().anyMatch(s -> s.closed < 0)) {
            if (System.nanoTime() - started >= sent * 1_000_000_000L) {
                for (Slow s : slow) {
                    if (s.closed < 0 && (long) sent * s.chunk < s.trickle.length) {
                        try {
                            s.channel.write(ByteBuffer.wrap(s.trickle, sent * s.chunk, s.chunk));
                            s.lastByte = System.nanoTime();
                        } catch (IOException e) {
                            s.closed = System.nanoTime();
                        }
                    }
                }
                sent++;
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Slow s = (Slow) key.attachment();
                buffer.clear();
                int read;
                try {
                    read = s.channel.read(buffer);
                } catch (IOException e) {
                    read = -1;
                }
                if (read < 0) {
                    s.closed = s.closed < 0 ? System.nanoTime() : s.closed;
                    key.cancel();
                    s.channel.close();
                } else if (s.answer.length() == 0 && (read >= 12 || s.kind == Kind.H2C && read > 0)) {
                    byte[] first = java.util.Arrays.copyOf(buffer.array(), Math.min(read, 12));
                    s.http2 = H2c.isServerPreface(first);
                    s.answer.append(s.kind == Kind.H2C ? H2c.printable(first, 12)
                            : new String(first, StandardCharsets.US_ASCII));
                }
            }
            selector.selectedKeys().clear();
        }
        for (Slow s : slow) {
            s.channel.close();
        }
    }

    private static String lifetimes(List<Slow> closed) {
        return closed.size() + " closed, lived " + seconds(closed, s -> s.closed - s.opened) + ", the last byte "
                + seconds(closed, s -> s.closed - s.lastByte) + " before";
    }

    private static String seconds(List<Slow> slow, ToLongFunction<Slow> nanos) {
        LongSummaryStatistics stats = slow.stream().mapToLong(nanos).summaryStatistics();
        return slow.isEmpty() ? "-" : String.format("%.1f to %.1f s", stats.getMin() / 1e9, stats.getMax() / 1e9);
    }
}
