package org.acme.telemetry;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.annotation.Priority;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Tracing is on exactly when an OTLP endpoint is set: {@code OTEL_EXPORTER_OTLP_ENDPOINT} (which
 * application.properties maps onto {@code quarkus.otel.exporter.otlp.endpoint}),
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} or {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}. Without one the
 * OpenTelemetry SDK is disabled ({@code quarkus.otel.sdk.disabled=true}: Quarkus starts no span for a request and
 * builds no exporter, so there are no export attempts and no errors about an unreachable collector) and JDBC statements are not wrapped
 * ({@code quarkus.datasource.jdbc.telemetry.enabled=false}). Both are runtime properties, so the same artifact follows
 * its environment; whoever sets either of them explicitly (any config source above the defaults) decides instead.
 * <p>
 * Quarkus offers no expression for "this property is set", and the switches it has at build time
 * ({@code quarkus.otel.traces.enabled}, {@code quarkus.otel.exporter.otlp.enabled}) cannot follow the environment.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    public static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    public static final String JDBC_TELEMETRY_ENABLED = "quarkus.datasource.jdbc.telemetry.enabled";
    /** Where an OTLP endpoint for traces can be set. */
    public static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.endpoint");

    /** Sources at or below this ordinal hold defaults (the mappings' and Quarkus's recorded ones), not settings. */
    private static final int DEFAULTS_ORDINAL = Integer.MIN_VALUE + 100;

    private static final Map<String, Boolean> VALUE_WHEN_TRACING = Map.of(SDK_DISABLED, false,
            JDBC_TELEMETRY_ENABLED, true);

    private final BooleanSupplier buildTime;

    public TracingSwitch() {
        this(() -> ExecutionMode.current() == ExecutionMode.UNSET);
    }

    TracingSwitch(BooleanSupplier buildTime) {
        this.buildTime = buildTime;
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        Boolean whenTracing = VALUE_WHEN_TRACING.get(name);
        if (whenTracing == null || isSet(value) || buildTime.getAsBoolean()) {
            // another property, one set explicitly, or the build: Quarkus would record a value derived while it
            // builds into the artifact
            return value;
        }
        boolean tracing = ENDPOINTS.stream().map(context::proceed).anyMatch(TracingSwitch::isSet);
        return ConfigValue.builder().withName(name)
                .withValue(String.valueOf(tracing ? whenTracing : !whenTracing))
                .withConfigSourceName(tracing ? "TracingSwitch (an OTLP endpoint is set)"
                        : "TracingSwitch (no OTLP endpoint is set)")
                .withConfigSourceOrdinal(DEFAULTS_ORDINAL + 1)
                .build();
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > DEFAULTS_ORDINAL;
    }
}
