package org.acme.telemetry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.acme.platform.CapturedLog;
import org.acme.platform.ManagementInterface;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With an OTLP endpoint set, a request is traced from its HTTP server span down to its JDBC statements, the trace
 * reaches the endpoint, and the request's log lines carry its trace id (docs/production.md, "Metrics and traces").
 */
@QuarkusTest
@TestProfile(TracingOn.class)
class TracingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPostIsOneTraceWithItsHttpAndJdbcSpansAndItsLogLinesCarryItsTraceId() throws Exception {
        ExtLogRecord insertLogged = postUser("traced");
        String traceId = insertLogged.getMdc("traceId");
        assertThat(traceId).as("the trace id in the MDC of the request's log line").matches("[0-9a-f]{32}");
        assertThat(insertLogged.getMdc("spanId")).as("the span id in its MDC").matches("[0-9a-f]{16}");

        List<Span> trace = awaitTrace(traceId);

        List<Span> servers = trace.stream().filter(TracingTest::isServerSpan).toList();
        assertThat(servers).as("the HTTP server span of the trace %s: %s", traceId, trace).hasSize(1);
        Span server = servers.get(0);
        assertThat(server.getName()).isEqualTo("POST /users");
        assertThat(server.getParentSpanId().isEmpty()).as("the server span is the root of the trace").isTrue();
        Span insert = trace.stream().filter(TracingTest::isInsert).findFirst().orElseThrow();
        assertThat(insert.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(insert.getName()).as("the INSERT's span: %s", insert).matches("INSERT (\\S+\\.)?users");
        assertThat(insert.getAttributesList()).as("the INSERT's attributes")
                .anyMatch(attribute -> attribute.getValue().getStringValue().startsWith("insert into users"));
        assertThat(ancestors(insert, trace)).as("the INSERT's span descends from the server span").contains(server);

        // the line as the JSON log of production prints it (application.properties: %prod, JSON with its defaults)
        JsonNode line = JSON.readTree(new JsonFormatter().format(insertLogged));
        assertThat(line.path("mdc").path("traceId").asText()).as("the JSON log line: %s", line).isEqualTo(traceId);
        assertThat(line.path("mdc").path("spanId").asText()).isEqualTo(insertLogged.getMdc("spanId"));
    }

    @Test
    void theHealthAndMetricsEndpointsAreNotTraced() throws Exception {
        given().get(ManagementInterface.url("metrics")).then().statusCode(200);
        given().get(ManagementInterface.url("health/ready")).then().statusCode(200);
        // spans leave in the order they end: once a later request's trace has arrived, theirs would have too
        awaitTrace(postUser("after-metrics").getMdc("traceId"));

        assertThat(OtlpReceiver.spans(received())).as("the spans received")
                .isNotEmpty()
                .noneMatch(span -> span.getName().contains("/q/"));
    }

    /**
     * POST /users of a new email: Hibernate's log line of its INSERT, with the MDC it was logged with. Hibernate's
     * SQL is logged for the while: set here rather than by the profile, as continuous testing keeps the logging of
     * the dev-mode JVM that it runs in.
     */
    private static ExtLogRecord postUser(String prefix) {
        String email = prefix + "-" + UUID.randomUUID() + "@example.com";
        Logger sql = Logger.getLogger("org.hibernate.SQL");
        Level level = sql.getLevel();
        sql.setLevel(org.jboss.logmanager.Level.DEBUG);
        try (CapturedLog log = CapturedLog.start()) {
            given().contentType("application/json").body("{\"email\":\"" + email + "\"}")
                    .post("/users").then().statusCode(201);
            List<ExtLogRecord> inserts = log.records(line -> line.contains("[org.hibernate.SQL] insert into users"));
            assertThat(inserts).as("Hibernate's log line of the INSERT").hasSize(1);
            return inserts.get(0);
        } finally {
            sql.setLevel(level);
        }
    }

    private static boolean isServerSpan(Span span) {
        return span.getKind() == Span.SpanKind.SPAN_KIND_SERVER;
    }

    private static boolean isInsert(Span span) {
        return span.getName().toUpperCase().startsWith("INSERT");
    }

    private static List<Span> ancestors(Span span, List<Span> trace) {
        List<Span> ancestors = new ArrayList<>();
        Span current = span;
        while (!current.getParentSpanId().isEmpty()) {
            Span child = current;
            current = trace.stream().filter(candidate -> candidate.getSpanId().equals(child.getParentSpanId()))
                    .findFirst().orElse(null);
            if (current == null) {
                break;
            }
            ancestors.add(current);
        }
        return ancestors;
    }

    /**
     * The spans of {@code traceId} once its server span and an INSERT's have arrived (the server span ends last);
     * fails when they do not arrive in time.
     */
    private static List<Span> awaitTrace(String traceId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        while (true) {
            List<Span> trace = OtlpReceiver.spans(received()).stream()
                    .filter(span -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(traceId))
                    .toList();
            if (trace.stream().anyMatch(TracingTest::isServerSpan) && trace.stream().anyMatch(TracingTest::isInsert)) {
                return trace;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the trace " + traceId + " did not arrive whole within " + patience()
                        + "; received of it: " + trace);
            }
            Thread.sleep(50);
        }
    }

    /**
     * How long an ended span may take to reach the receiver: the batch's schedule delay, its export timeout, and a
     * margin for a loaded machine.
     */
    private static Duration patience() {
        var config = ConfigProvider.getConfig();
        return config.getValue("quarkus.otel.bsp.schedule.delay", Duration.class)
                .plus(config.getValue("quarkus.otel.bsp.export.timeout", Duration.class))
                .plusSeconds(10);
    }

    private static Path received() {
        return Path.of(ConfigProvider.getConfig().getValue(OtlpReceiver.RECEIVED_DIR, String.class));
    }

}
