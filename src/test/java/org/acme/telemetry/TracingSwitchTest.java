package org.acme.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Tracing follows the environment: on with an OTLP endpoint, whichever variable sets it, off without one, and an
 * explicit setting wins. With the service's own application.properties, which maps OTEL_EXPORTER_OTLP_ENDPOINT.
 */
class TracingSwitchTest {

    @Test
    void withoutAnEndpointTheSdkAndTheJdbcSpansAreOff() throws IOException {
        SmallRyeConfig config = config(Map.of(), false);

        assertThat(config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isTrue();
        assertThat(config.getValue(TracingSwitch.JDBC_TELEMETRY_ENABLED, Boolean.class)).isFalse();
        assertThat(config.getConfigValue(TracingSwitch.SDK_DISABLED).getSourceName())
                .isEqualTo("TracingSwitch (no OTLP endpoint is set)");
    }

    @Test
    void theStandardVariableTurnsTracingOn() throws IOException {
        SmallRyeConfig config = config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), false);

        assertThat(config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isFalse();
        assertThat(config.getValue(TracingSwitch.JDBC_TELEMETRY_ENABLED, Boolean.class)).isTrue();
        assertThat(config.getValue("quarkus.otel.exporter.otlp.endpoint", String.class))
                .isEqualTo("http://collector:4317");
    }

    @Test
    void quarkusOwnVariablesTurnTracingOnToo() throws IOException {
        assertThat(config(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), false)
                .getValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isFalse();
        assertThat(config(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"),
                false).getValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isFalse();
    }

    @Test
    void anEmptyEndpointIsNone() throws IOException {
        assertThat(config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", ""), false)
                .getValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isTrue();
    }

    @Test
    void anExplicitSettingWins() throws IOException {
        SmallRyeConfig config = config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "QUARKUS_OTEL_SDK_DISABLED", "true", "QUARKUS_DATASOURCE_JDBC_TELEMETRY_ENABLED", "false"), false);

        assertThat(config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isTrue();
        assertThat(config.getValue(TracingSwitch.JDBC_TELEMETRY_ENABLED, Boolean.class)).isFalse();
    }

    @Test
    void theStandardProtocolAndSamplerVariablesAreFollowed() throws IOException {
        assertThat(config(Map.of(), false).getValue("quarkus.otel.traces.sampler.arg", Double.class)).isEqualTo(1.0);
        assertThat(config(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.1"), false)
                .getValue("quarkus.otel.traces.sampler.arg", Double.class)).isEqualTo(0.1);
        assertThat(config(Map.of(), false).getValue("quarkus.otel.exporter.otlp.traces.protocol", String.class))
                .isEqualTo("grpc");
        assertThat(config(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), false)
                .getValue("quarkus.otel.exporter.otlp.traces.protocol", String.class)).isEqualTo("http/protobuf");
    }

    @Test
    void whileQuarkusBuildsItDerivesNothing() throws IOException {
        // a value derived at build time would be recorded into the artifact
        SmallRyeConfig config = config(Map.of(), true);

        assertThat(config.getOptionalValue(TracingSwitch.SDK_DISABLED, Boolean.class)).isEmpty();
    }

    private static SmallRyeConfig config(Map<String, String> environment, boolean buildTime) throws IOException {
        URL properties = TracingSwitchTest.class.getClassLoader().getResource("application.properties");
        assertThat(properties).isNotNull();
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(environment, 300), new PropertiesConfigSource(properties, 250))
                .withInterceptors(new TracingSwitch(() -> buildTime))
                .build();
    }
}
