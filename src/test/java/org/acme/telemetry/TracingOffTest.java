package org.acme.telemetry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.acme.platform.CapturedLog;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Without an OTLP endpoint (the tests' default application, as a service whose environment sets none) nothing is
 * traced: the SDK is off (Quarkus then traces no request and exports nothing) and so are the JDBC spans; the log
 * says nothing about a collector, and a request's log lines carry no trace id.
 */
@QuarkusTest
class TracingOffTest {

    @Test
    void theSdkAndTheJdbcSpansAreOff() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isTrue();
        assertThat(config.getValue(TracingSwitch.JDBC_TELEMETRY_ENABLED, Boolean.class)).isFalse();
    }

    @Test
    void requestsLogNoTraceIdAndNothingAboutTracing() {
        String body = "{\"email\":\"untraced-" + UUID.randomUUID() + "@example.com\"}";
        List<ExtLogRecord> logged;
        List<String> lines;
        try (CapturedLog log = CapturedLog.start()) {
            given().contentType("application/json").body(body).post("/users").then().statusCode(201);
            // the duplicate is answered 409, and quarkus-resteasy-problem logs it: a log line of a request
            given().contentType("application/json").body(body).post("/users").then().statusCode(409);
            logged = log.records(line -> true);
            lines = log.lines();
        }

        assertThat(lines).as("the lines logged while serving the requests").isNotEmpty()
                .noneMatch(line -> line.contains("opentelemetry") || line.contains("OTLP") || line.contains("4317"));
        assertThat(logged).noneMatch(record -> record.getMdc("traceId") != null);
    }
}
