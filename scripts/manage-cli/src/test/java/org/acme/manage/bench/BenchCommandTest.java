package org.acme.manage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.acme.manage.Context;
import org.acme.manage.Manage;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** scripts/manage bench hands its options to the JUnit bench through Maven, and the bench reads them back. */
class BenchCommandTest {

    static final Path PROJECT = Path.of("/work/project");

    @Test
    void runsTheBenchProfileOfTheCliBuild() {
        List<String> command = mavenCommand("--quick");

        assertThat(command).startsWith("./mvnw", "-f", "scripts/manage-cli/pom.xml")
                .contains("test", "-Pbench", "-Dmanage.project.dir=" + PROJECT)
                .noneMatch(argument -> argument.startsWith("-Dtest="));
        BenchOptions options = optionsOf(command, Map.of());
        assertThat(options.quick()).isTrue();
        assertThat(options.seconds()).isEqualTo(3);
        assertThat(options.warmupSeconds()).isEqualTo(1);
        assertThat(options.launches()).isEqualTo(1);
        assertThat(options.serviceJvm()).isEqualTo("aot");
        assertThat(options.jdk25Home()).isEqualTo(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
    }

    @Test
    void everyOptionReachesTheBench() {
        List<String> command = mavenCommand("--duration", "7", "--launches", "2", "--jdk25", "/opt/jdk-25",
                "--service-jvm", "jvm", "--jvm-option", "-Xmx128m", "--jvm-option", "-XX:+UseParallelGC",
                "-e", "POSTGRES_POOL_MAX_SIZE=8", "-e", "QUARKUS_LOG_LEVEL=WARN", "--jfr", "--no-package",
                "--no-default-jvm-options", "--tracing", "--compare", "main~2");

        BenchOptions options = optionsOf(command, Map.of("JAVA25_HOME", "/elsewhere"));
        assertThat(options.quick()).isFalse();
        assertThat(options.seconds()).isEqualTo(7);
        assertThat(options.warmupSeconds()).isEqualTo(5);
        assertThat(options.launches()).isEqualTo(2);
        assertThat(options.jdk25Home()).isEqualTo(Path.of("/opt/jdk-25"));
        assertThat(options.serviceJvm()).isEqualTo("jvm");
        assertThat(options.jvmOptions()).containsExactly("-Xmx128m", "-XX:+UseParallelGC");
        assertThat(options.serviceEnvironment()).containsExactlyInAnyOrderEntriesOf(
                Map.of("POSTGRES_POOL_MAX_SIZE", "8", "QUARKUS_LOG_LEVEL", "WARN"));
        assertThat(options.jfr()).isTrue();
        assertThat(options.noPackage()).isTrue();
        assertThat(options.noDefaultJvmOptions()).isTrue();
        assertThat(options.tracing()).isTrue();
        assertThat(options.compare()).isEqualTo("main~2");
    }

    @Test
    void defaultsWithoutOptions() {
        BenchOptions options = optionsOf(mavenCommand(), Map.of("JAVA25_HOME", "/opt/jdk-25"));

        assertThat(options.seconds()).isEqualTo(20);
        assertThat(options.launches()).isEqualTo(5);
        assertThat(options.jdk25Home()).isEqualTo(Path.of("/opt/jdk-25"));
        assertThat(options.jvmOptions()).isEmpty();
        assertThat(options.serviceEnvironment()).isEmpty();
        assertThat(options.jfr() || options.noPackage() || options.noDefaultJvmOptions() || options.tracing())
                .isFalse();
        assertThat(options.compare()).isNull();
    }

    @Test
    void tenJvmOptionsKeepTheirOrder() {
        String[] args = new String[20];
        for (int i = 0; i < 10; i++) {
            args[2 * i] = "--jvm-option";
            args[2 * i + 1] = "-Dn=" + i;
        }
        assertThat(optionsOf(mavenCommand(args), Map.of()).jvmOptions()).containsExactly("-Dn=0", "-Dn=1", "-Dn=2",
                "-Dn=3", "-Dn=4", "-Dn=5", "-Dn=6", "-Dn=7", "-Dn=8", "-Dn=9");
    }

    @Test
    void noLaunchesSelectsEveryStepButTheStartupSeries() {
        assertThat(mavenCommand("--launches", "0"))
                .contains("-Dtest=BenchTest#serviceUnderLoad+tracingCost+roundTrips+postgresAlone+report");
    }

    @Test
    void anUnknownServiceJvmIsAUsageError() {
        StringWriter err = new StringWriter();
        Context context = new Context(PROJECT, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(Manage.run(context, "bench", "--service-jvm", "graal")).isEqualTo(2);
        assertThat(err.toString()).contains("--service-jvm must be aot, jdk25 or jvm");
    }

    @Test
    void compareAndTracingTogetherAreAUsageError() {
        StringWriter err = new StringWriter();
        Context context = new Context(PROJECT, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(Manage.run(context, "bench", "--compare", "main", "--tracing")).isEqualTo(2);
        assertThat(err.toString()).contains("--compare and --tracing");
    }

    private static List<String> mavenCommand(String... args) {
        Context context = new Context(PROJECT, Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        CommandLine commandLine = Manage.commandLine(context);
        commandLine.parseArgs(prepend("bench", args));
        BenchCommand bench = commandLine.getSubcommands().get("bench").getCommand();
        return bench.mavenCommand();
    }

    /** The -D properties of a Maven command line, as the bench's JVM sees them. */
    private static BenchOptions optionsOf(List<String> command, Map<String, String> environment) {
        Properties properties = new Properties();
        command.stream().filter(argument -> argument.startsWith("-D")).map(argument -> argument.substring(2))
                .forEach(property -> properties.setProperty(property.substring(0, property.indexOf('=')),
                        property.substring(property.indexOf('=') + 1)));
        return BenchOptions.from(properties, environment);
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
