package org.acme.manage.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The options of {@code scripts/manage bench} as {@link BenchCommand} hands them to the bench's tests: system
 * properties named bench.OPTION (bench.jvm-option.N and bench.env.NAME for the repeatable ones).
 *
 * @param quick               a smoke run: a few seconds per step
 * @param seconds             seconds per wrk and pgbench run
 * @param warmupSeconds       seconds of wrk before each measured run
 * @param launches            launches per startup series
 * @param jdk25Home           the JDK 25 for the AOT cache
 * @param serviceJvm          aot, jdk25 or jvm: the JVM of the service under load
 * @param jvmOptions          JVM options for the working tree's service, after the defaults
 * @param serviceEnvironment  environment variables for the working tree's service under load
 * @param jfr                 whether to record a JFR profile of the service under load
 * @param noPackage           use target/quarkus-app as it is
 * @param noDefaultJvmOptions launch the service without the production JVM options
 * @param tracing             measure the service a second time with tracing on, exporting to a local sink
 * @param compare             a commit to build and measure in turns with the working tree (A/B), or null
 */
record BenchOptions(boolean quick, int seconds, int warmupSeconds, int launches, Path jdk25Home, String serviceJvm,
        List<String> jvmOptions, Map<String, String> serviceEnvironment, boolean jfr, boolean noPackage,
        boolean noDefaultJvmOptions, boolean tracing, String compare) {

    static final String PREFIX = "bench.";

    static BenchOptions from(Properties properties, Map<String, String> environment) {
        boolean quick = flag(properties, "quick");
        String duration = properties.getProperty(PREFIX + "duration");
        String launches = properties.getProperty(PREFIX + "launches");
        String jdk25 = properties.getProperty(PREFIX + "jdk25");
        return new BenchOptions(quick, duration != null ? Integer.parseInt(duration) : quick ? 3 : 20, quick ? 1 : 5,
                launches != null ? Integer.parseInt(launches) : quick ? 1 : 5,
                Path.of(jdk25 != null ? jdk25 : environment.getOrDefault("JAVA25_HOME",
                        "/usr/lib/jvm/temurin-25-jdk-amd64")),
                properties.getProperty(PREFIX + "service-jvm", "aot"),
                // in order of their index: bench.jvm-option.10 comes after bench.jvm-option.9
                List.copyOf(withPrefix(properties, "jvm-option.", Integer::valueOf).values()),
                withPrefix(properties, "env.", name -> name),
                flag(properties, "jfr"), flag(properties, "no-package"), flag(properties, "no-default-jvm-options"),
                flag(properties, "tracing"), properties.getProperty(PREFIX + "compare"));
    }

    private static boolean flag(Properties properties, String name) {
        return Boolean.parseBoolean(properties.getProperty(PREFIX + name, "false"));
    }

    private static <K extends Comparable<K>> Map<K, String> withPrefix(Properties properties, String prefix,
            Function<String, K> key) {
        Map<K, String> found = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith(PREFIX + prefix))
                .forEach(name -> found.put(key.apply(name.substring((PREFIX + prefix).length())),
                        properties.getProperty(name)));
        return found;
    }
}
