package org.acme.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OTLP receiver (http/protobuf) on 127.0.0.1 and a port the system picks, for the application of a test profile
 * ({@link TracingOn}): it points the application's trace exporter at itself and writes each export it receives, as
 * sent, into a directory of its own. The test reads them back with {@link #spans(Path)}: a file is the one thing
 * the receiver (started by Quarkus's test machinery) and the test (in the application's class loader) share without
 * caring which class loader the other lives in.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    /** The directory of the exports received, in the application's config. */
    public static final String RECEIVED_DIR = "test.otlp.received-dir";

    private HttpServer server;
    private Path received;

    @Override
    public Map<String, String> start() {
        try {
            received = Files.createTempDirectory("otlp-received");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger exports = new AtomicInteger();
        server.createContext("/", exchange -> receive(exchange, exports.incrementAndGet()));
        server.start();
        return Map.of("quarkus.otel.exporter.otlp.traces.endpoint",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                RECEIVED_DIR, received.toString());
    }

    private void receive(HttpExchange exchange, int number) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            // written whole, then renamed: a reader never sees half an export
            Path file = received.resolve(String.format("%06d.pb", number));
            Path partial = received.resolve(file.getFileName() + ".partial");
            Files.write(partial, bytes);
            Files.move(partial, file);
            // an empty ExportTraceServiceResponse: all accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (received != null) {
            try (Stream<Path> files = Files.walk(received)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }

    /** Every span received so far in {@code received}, in the order they came. */
    public static List<Span> spans(Path received) throws IOException {
        List<Span> spans = new ArrayList<>();
        try (Stream<Path> files = Files.list(received)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".pb")).sorted().toList()) {
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(Files.readAllBytes(file));
                for (ResourceSpans resource : export.getResourceSpansList()) {
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        spans.addAll(scope.getSpansList());
                    }
                }
            }
        }
        return spans;
    }
}
