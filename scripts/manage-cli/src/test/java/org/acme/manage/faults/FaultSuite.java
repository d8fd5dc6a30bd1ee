package org.acme.manage.faults;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.acme.manage.Context;
import org.acme.manage.Manage;
import org.acme.manage.harness.PackagedService;
import org.acme.manage.harness.ThrowawayPostgres;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The fault suite around its scenarios: once per run (JUnit's root store), the packaged service and a throwaway
 * PostgreSQL, closed when the run ends, and then target/faults/faults.json written; for each scenario its
 * heading, a {@link FaultRun} and a {@link Verdict} as parameters, then PASS or FAIL. {@code scripts/manage faults}
 * passes its options as system properties: {@code faults.no-package}, {@code faults.env.NAME=VALUE}.
 */
final class FaultSuite implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    static final String NO_PACKAGE = "faults.no-package";
    static final String ENV_PREFIX = "faults.env.";

    private static final PrintWriter OUT = new PrintWriter(System.out, true);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultSuite.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        String name = FaultsCommand.scenarios().keySet().stream()
                .filter(scenario -> FaultsCommand.testClass(scenario)
                        .equals(context.getRequiredTestClass().getSimpleName()))
                .findFirst().orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass()
                        + " is not listed in faults/scenarios.json"));
        context.getStore(NAMESPACE).put(Verdict.class, new Verdict(name, OUT));
        FaultRun run = suite(context).run(name); // the run's first scenario packages the service, starts PostgreSQL
        OUT.println();
        OUT.println("== " + name + ": " + FaultsCommand.scenarios().get(name));
        context.getStore(NAMESPACE).put(FaultRun.class, run);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Verdict verdict = context.getStore(NAMESPACE).get(Verdict.class, Verdict.class);
        context.getExecutionException().ifPresent(verdict::broken);
        OUT.println((verdict.passed() ? "PASS " : "FAIL ") + verdict.scenario());
        suite(context).verdicts.add(verdict);
        if (context.getExecutionException().isEmpty()) {
            verdict.assertPassed();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FaultRun.class || type == Verdict.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return context.getStore(NAMESPACE).get(type, type);
    }

    private static Suite suite(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Suite.class);
    }

    /** What the scenarios of one run share; JUnit closes it when the run ends. */
    static final class Suite implements AutoCloseable {
        private final Context context = new Context(Path.of(System.getProperty(Manage.PROJECT_DIR_PROPERTY, "../..")),
                System.getenv(), OUT, OUT);
        private final Path outDir = context.projectDir().resolve("target/faults");
        private final List<Verdict> verdicts = new ArrayList<>();
        private Path jar;
        private ThrowawayPostgres server;
        private RuntimeException failedToStart;

        /** Packages the service and starts PostgreSQL on first use; when that failed, every scenario fails so. */
        FaultRun run(String scenario) {
            if (failedToStart != null) {
                throw failedToStart;
            }
            if (server == null) {
                try {
                    start();
                } catch (RuntimeException e) {
                    failedToStart = e;
                    throw e;
                }
            }
            return new FaultRun(context, server, jar, outDir, serviceEnvironment(), scenario);
        }

        private void start() {
            ThrowawayPostgres.refuseRoot();
            createOutDir();
            jar = PackagedService.prepare(context, Boolean.getBoolean(NO_PACKAGE), outDir.resolve("quarkus-app"));
            // log_connections: config-abuse proves that a refused configuration never reached the database
            server = ThrowawayPostgres.start(context.processEnvironment(), OUT, List.of("log_connections = on"));
            OUT.println("Throwaway PostgreSQL on " + server.host() + ":" + server.port() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores shared by the suite, the service and "
                    + "PostgreSQL");
        }

        /** The -e NAME=VALUE of scripts/manage faults. */
        private static Map<String, String> serviceEnvironment() {
            Map<String, String> environment = new LinkedHashMap<>();
            System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith(ENV_PREFIX)).sorted()
                    .forEach(key -> environment.put(key.substring(ENV_PREFIX.length()), System.getProperty(key)));
            return environment;
        }

        private void createOutDir() {
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                List<Map<String, Object>> report = new ArrayList<>();
                for (Verdict verdict : verdicts) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("scenario", verdict.scenario());
                    entry.put("passed", verdict.passed());
                    entry.put("figures", verdict.figures());
                    entry.put("failures", verdict.failures());
                    report.add(entry);
                }
                createOutDir();
                Files.writeString(outDir.resolve("faults.json"), new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n");
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }
}
