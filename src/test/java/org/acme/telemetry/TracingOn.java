package org.acme.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application with an OTLP endpoint, which turns tracing on ({@link TracingSwitch}): the local receiver of
 * {@link OtlpReceiver}, and spans sent in batches every {@link #SCHEDULE_DELAY}.
 */
public class TracingOn implements QuarkusTestProfile {

    public static final Duration SCHEDULE_DELAY = Duration.ofMillis(200);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.bsp.schedule.delay", SCHEDULE_DELAY.toMillis() + "ms");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OtlpReceiver.class));
    }
}
