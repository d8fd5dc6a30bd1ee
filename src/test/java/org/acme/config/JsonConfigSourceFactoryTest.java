package org.acme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Builds a configuration the way Quarkus does at run time: system properties (400), environment (300), the
 * environment file (275) and application.properties (250).
 */
class JsonConfigSourceFactoryTest {

    /** The production passwords, as the environment gives them. */
    static final Map<String, String> PASSWORDS = Map.of("APPLICATION_USER_PASSWORD", "from-the-environment",
            "APPLICATION_OWNER_PASSWORD", "from-the-environment");


    @TempDir
    Path configDir;

    private final List<String> devModeStops = new ArrayList<>();

    @Test
    void systemPropertiesBeatEnvironmentWhichBeatsTheFileWhichBeatsApplicationProperties() throws IOException {
        write("development.json", """
                [{"name": "A", "value": "file"}, {"name": "B", "value": "file"}, {"name": "C", "value": "file"}]
                """);

        SmallRyeConfig config = configFor("dev",
                Map.of("A", "system"),
                Map.of("A", "env", "B", "env"),
                Map.of("A", "properties", "B", "properties", "C", "properties", "D", "properties"));

        assertThat(config.getValue("A", String.class)).isEqualTo("system");
        assertThat(config.getValue("B", String.class)).isEqualTo("env");
        assertThat(config.getValue("C", String.class)).isEqualTo("file");
        assertThat(config.getValue("D", String.class)).isEqualTo("properties");
    }

    @Test
    void applicationPropertiesBuildTheDatasourceFromTheFileNames() throws IOException {
        write("development.json", """
                [{"name": "POSTGRES_HOSTNAME", "value": "db.internal"}, {"name": "POSTGRES_PORT", "value": "6543"},
                 {"name": "APPLICATION_DB", "value": "users"}]
                """);

        SmallRyeConfig config = configFor("dev", Map.of(), Map.of("POSTGRES_PORT", "7654"), Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://${POSTGRES_HOSTNAME}:${POSTGRES_PORT}/${APPLICATION_DB}"));

        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:postgresql://db.internal:7654/users");
    }

    @Test
    void eachProfileReadsItsOwnFile() throws IOException {
        write("development.json", "[{\"name\": \"WHICH\", \"value\": \"development\"}]");
        write("testing.json", "[{\"name\": \"WHICH\", \"value\": \"testing\"}]");
        write("production.json", "[{\"name\": \"WHICH\", \"value\": \"production\"}]");
        write("staging.json", "[{\"name\": \"WHICH\", \"value\": \"staging\"}]");
        Map<String, String> env = PASSWORDS;

        assertThat(configFor("dev", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("development");
        assertThat(configFor("test", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("testing");
        assertThat(configFor("prod", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("production");
        assertThat(configFor("staging", Map.of(), env, Map.of()).getValue("WHICH", String.class)).isEqualTo("staging");
    }

    @Test
    void aProfileWithoutAFileReadsNothing() {
        SmallRyeConfig config = configFor("staging", Map.of(), Map.of(), Map.of());

        assertThat(config.getOptionalValue("POSTGRES_USER", String.class)).isEmpty();
    }

    @Test
    void theDirectoryIsMovedByApplicationConfigDirInTheEnvironment(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("development.json"), "[{\"name\": \"WHERE\", \"value\": \"elsewhere\"}]");

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("dev")
                .withSources(new EnvConfigSource(Map.of("APPLICATION_CONFIG_DIR", elsewhere.toString()), 300))
                .withSources(runtimeFactory())
                .build();

        assertThat(config.getValue("WHERE", String.class)).isEqualTo("elsewhere");
    }

    @Test
    void aBrokenFileStopsStartupNamingFileAndEntry() throws IOException {
        write("development.json", "[{\"name\": \"POSTGRES_PORT\", \"value\": 5432}]");

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("development.json: entry #1 (POSTGRES_PORT): \"value\" must be a string");
    }

    @Test
    void productionWithoutTheServicePasswordInTheEnvironmentStopsNamingTheVariable() throws IOException {
        write("production.json", "[{\"name\": \"APPLICATION_USER\", \"value\": \"application\"}]");

        assertThatThrownBy(() -> configFor("prod", Map.of(), Map.of("APPLICATION_OWNER_PASSWORD", "s3cret"), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("APPLICATION_USER_PASSWORD is not set")
                .hasMessageContaining("set the environment variable APPLICATION_USER_PASSWORD");
    }

    /** The serving process never migrates: the owner's password belongs to the migration step alone. */
    @Test
    void theServingProcessNeedsNoOwnerPassword() throws IOException {
        write("production.json", "[{\"name\": \"APPLICATION_OWNER\", \"value\": \"application_owner\"}]");

        SmallRyeConfig config = configFor("prod", Map.of(), Map.of("APPLICATION_USER_PASSWORD", "s3cret"), Map.of());

        assertThat(config.getValue("APPLICATION_OWNER", String.class)).isEqualTo("application_owner");
        assertThat(config.getOptionalValue("APPLICATION_OWNER_PASSWORD", String.class)).isEmpty();
    }

    /** The migration step reads the production file and needs the owner's password, and only that one. */
    @Test
    void theMigrationStepReadsTheProductionFileAndNeedsTheOwnerPassword() throws IOException {
        write("production.json", "[{\"name\": \"APPLICATION_OWNER\", \"value\": \"application_owner\"}]");

        assertThatThrownBy(() -> configFor("migrate", Map.of(), Map.of("APPLICATION_USER_PASSWORD", "s3cret"),
                Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("APPLICATION_OWNER_PASSWORD is not set")
                .hasMessageContaining("set the environment variable APPLICATION_OWNER_PASSWORD for the migration step");
        SmallRyeConfig config = configFor("migrate", Map.of(), Map.of("APPLICATION_OWNER_PASSWORD", "s3cret"),
                Map.of());
        assertThat(config.getValue("APPLICATION_OWNER", String.class)).isEqualTo("application_owner");
    }

    @Test
    void theMigrationStepRefusesASecretInTheProductionFileToo() throws IOException {
        write("production.json", "[{\"name\": \"APPLICATION_OWNER_PASSWORD\", \"value\": \"oops\"}]");

        assertThatThrownBy(() -> configFor("migrate", Map.of(), PASSWORDS, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageEndingWith("production.json: entry APPLICATION_OWNER_PASSWORD holds a secret; production "
                        + "secrets come from the environment only, remove it from the file");
    }

    @Test
    void productionWithPasswordsInTheEnvironmentStarts() throws IOException {
        write("production.json", "[{\"name\": \"APPLICATION_USER\", \"value\": \"application\"}]");

        SmallRyeConfig config = configFor("prod", Map.of(), PASSWORDS, Map.of());

        assertThat(config.getValue("APPLICATION_USER", String.class)).isEqualTo("application");
        assertThat(config.getValue("APPLICATION_USER_PASSWORD", String.class)).isEqualTo("from-the-environment");
    }

    @Test
    void aPasswordInTheProductionFileIsRefused() throws IOException {
        write("production.json", "[{\"name\": \"POSTGRES_PASSWORD\", \"value\": \"oops\"}]");

        assertThatThrownBy(() -> configFor("prod", Map.of(), PASSWORDS, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageEndingWith("production.json: entry POSTGRES_PASSWORD holds a secret; production secrets "
                        + "come from the environment only, remove it from the file");
    }

    @Test
    void whileQuarkusBuildsTheApplicationNoEntryBecomesASettingOfItsOwn() throws IOException {
        for (String profile : List.of("dev", "test", "prod")) {
            write(JsonConfigSourceFactory.configFile(configDir, profile).getFileName().toString(),
                    "[{\"name\": \"A\", \"value\": \"must not be recorded into the artifact\"}]");

            SmallRyeConfig config = buildTimeConfig(profile, Map.of());

            assertThat(config.getOptionalValue("A", String.class)).as(profile).isEmpty();
        }
    }

    @Test
    void whileQuarkusBuildsDevModeEveryDevelopmentEntryIsAVariableOfTheComposeFileTheEnvironmentWinning()
            throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_USER", "file", "POSTGRES_PORT", "5432"));

        SmallRyeConfig config = buildTimeConfig("dev", Map.of("POSTGRES_PORT", "6543"));

        assertThat(config.getValue(DevelopmentDatabase.COMPOSE_VARIABLE_PREFIX + "POSTGRES_USER", String.class))
                .isEqualTo("file");
        assertThat(config.getValue(DevelopmentDatabase.COMPOSE_VARIABLE_PREFIX + "POSTGRES_PORT", String.class))
                .isEqualTo("6543");
    }

    @Test
    void whileQuarkusBuildsForTestsOrProductionTheComposeFileGetsNoVariables() throws IOException {
        writeEntries("testing.json", Map.of("POSTGRES_USER", "file"));
        writeEntries("production.json", Map.of("POSTGRES_USER", "file"));

        for (String profile : List.of("test", "prod")) {
            assertThat(buildTimeConfig(profile, Map.of()).getPropertyNames()).as(profile)
                    .noneMatch(name -> name.startsWith(DevelopmentDatabase.COMPOSE_VARIABLE_PREFIX));
        }
    }

    @Test
    void devModeWithNoDatabaseAtTheConfiguredAddressStopsSayingWhatToRun() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        writeEntries("development.json", Map.of("POSTGRES_HOSTNAME", "127.0.0.1", "POSTGRES_PORT", "5432"));

        configFor("dev", Map.of(), Map.of("POSTGRES_PORT", String.valueOf(closedPort)), Map.of());

        assertThat(devModeStops).singleElement().asString()
                .startsWith("No PostgreSQL answers at 127.0.0.1:" + closedPort + " (POSTGRES_HOSTNAME and POSTGRES_PORT of "
                        + configDir.resolve("development.json") + ")")
                .contains("scripts/manage dev", "scripts/manage db up");
    }

    @Test
    void devModeGoesOnWhenTheDatabaseAddressAcceptsConnections() throws IOException {
        try (ServerSocket database = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            writeEntries("development.json", Map.of("POSTGRES_HOSTNAME", "127.0.0.1",
                    "POSTGRES_PORT", String.valueOf(database.getLocalPort())));

            configFor("dev", Map.of(), Map.of(), Map.of());

            assertThat(devModeStops).isEmpty();
        }
    }

    @Test
    void onlyDevModeLooksForItsDatabase() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> entries = Map.of("POSTGRES_HOSTNAME", "127.0.0.1", "POSTGRES_PORT", String.valueOf(closedPort));
        writeEntries("testing.json", entries);
        writeEntries("production.json", entries);

        configFor("test", Map.of(), Map.of(), Map.of());
        configFor("prod", Map.of(), PASSWORDS, Map.of());

        assertThat(devModeStops).isEmpty();
    }

    // --- the settings that are pasted into the JDBC URL and the connection options

    @ParameterizedTest
    @ValueSource(strings = { "app?socketFactory=org.example.Evil", "app; DROP TABLE users", "app/other",
            "app&sslmode=disable", "1app", "app name", "app\nINFO fake log line", "appé", "",
            "a234567890123456789012345678901234567890123456789012345678901234" })
    void aDatabaseNameThatIsNotAnIdentifierIsRefusedNamingTheFileAndEntry(String name) throws IOException {
        writeEntries("development.json", Map.of("APPLICATION_DB", name));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json") + ": entry \"APPLICATION_DB\": refusing '")
                .hasMessageContaining("as the database name (it goes into the JDBC URL): a database name must be a "
                        + "letter or _ followed by letters, digits or _, at most 63 characters")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = { "application", "users_2", "_private", "App_DB",
            "a23456789012345678901234567890123456789012345678901234567890123" })
    void aDatabaseNameThatIsAnIdentifierGoesIntoTheUrl(String name) throws IOException {
        writeEntries("development.json", Map.of("APPLICATION_DB", name));

        assertThat(configFor("dev", Map.of(), Map.of(), urlProperties()).getValue("quarkus.datasource.jdbc.url",
                String.class)).isEqualTo("jdbc:postgresql://localhost:5432/" + name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "verify_full", "VERIFY-FULL", "none", "require&sslfactory=org.example.Evil" })
    void aTlsModeThatIsNoneOfPgjdbcsIsRefusedNamingTheEntry(String mode) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_SSLMODE", mode));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json") + ": entry \"POSTGRES_SSLMODE\": refusing '")
                .hasMessageContaining("as the TLS mode (it goes into the JDBC URL): a TLS mode is one of disable, "
                        + "allow, prefer, require, verify-ca, verify-full");
    }

    @ParameterizedTest
    @ValueSource(strings = { "root.crt", "certs/root.crt", "/etc/ca/../../secret", "/etc/ca/root.crt&sslmode=disable",
            "/etc/ca/root.crt?x", "/etc/my ca/root.crt", "/etc/ca/root%2ecrt", "/etc/ca/root+.crt" })
    void aRootCertificatePathThatIsNotAPlainAbsolutePathIsRefused(String path) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_SSLROOTCERT", path));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json") + ": entry \"POSTGRES_SSLROOTCERT\": "
                        + "refusing '")
                .hasMessageContaining("as the root certificate's path (it goes into the JDBC URL)");
    }

    @Test
    void theTlsSettingsGoIntoTheUrl() throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_SSLMODE", "verify-full",
                "POSTGRES_SSLROOTCERT", "/etc/postgresql-ca/root.crt"));
        Map<String, String> properties = new java.util.HashMap<>(urlProperties());
        properties.put("quarkus.datasource.jdbc.url", applicationUrl());

        assertThat(configFor("dev", Map.of(), Map.of(), properties).getValue("quarkus.datasource.jdbc.url",
                String.class)).isEqualTo("jdbc:postgresql://localhost:5432/application?sslmode=verify-full"
                        + "&sslrootcert=/etc/postgresql-ca/root.crt");
    }

    @Test
    void withoutTlsSettingsTheUrlHasPgjdbcsDefaults() throws IOException {
        writeEntries("development.json", Map.of("APPLICATION_DB", "application"));
        Map<String, String> properties = new java.util.HashMap<>(urlProperties());
        properties.put("quarkus.datasource.jdbc.url", applicationUrl());
        // a system property wherever the service runs
        properties.put("user.home", System.getProperty("user.home"));

        assertThat(configFor("dev", Map.of(), Map.of(), properties).getValue("quarkus.datasource.jdbc.url",
                String.class)).isEqualTo("jdbc:postgresql://localhost:5432/application?sslmode=prefer&sslrootcert="
                        + System.getProperty("user.home") + "/.postgresql/root.crt");
    }

    /** The JDBC URL as application.properties builds it. */
    private static String applicationUrl() throws IOException {
        java.util.Properties application = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        }
        return application.getProperty("quarkus.datasource.jdbc.url");
    }

    @Test
    void anEnvironmentVariableThatOverridesTheFileIsTheValueCheckedAndIsNamedAsSuch() throws IOException {
        writeEntries("development.json", Map.of("APPLICATION_DB", "application"));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of("APPLICATION_DB", "app?socketFactory=x"), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("environment variable APPLICATION_DB: refusing 'app?socketFactory=x' as the database name "
                        + "(it goes into the JDBC URL): a database name must be a letter or _ followed by letters, "
                        + "digits or _, at most 63 characters");
    }

    @Test
    void aFileValueThatTheEnvironmentOverridesIsNeverUsedSoItStopsNothing() throws IOException {
        writeEntries("development.json", Map.of("APPLICATION_DB", "app?socketFactory=x"));

        SmallRyeConfig config = configFor("dev", Map.of(), Map.of("APPLICATION_DB", "application"), urlProperties());

        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:postgresql://localhost:5432/application");
    }

    @Test
    void aProfileWithoutAFileStillHasItsEnvironmentChecked() {
        assertThatThrownBy(() -> configFor("staging", Map.of(), Map.of("POSTGRES_PORT", "5432/other"), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("environment variable POSTGRES_PORT: refusing '5432/other' as the port");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "65536", "99999", "-1", "5432/other", "5432?sslmode=disable", "abc", "05432", " 5432" })
    void aPortThatIsNotANumberFrom1To65535IsRefused(String port) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_PORT", port));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json") + ": entry \"POSTGRES_PORT\": refusing '")
                .hasMessageEndingWith("as the port (it goes into the JDBC URL): a port is a whole number from 1 to 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "5432", "65535" })
    void aPortFrom1To65535GoesIntoTheUrl(String port) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_PORT", port));

        assertThat(configFor("dev", Map.of(), Map.of(), urlProperties()).getValue("quarkus.datasource.jdbc.url",
                String.class)).isEqualTo("jdbc:postgresql://localhost:" + port + "/application");
    }

    @ParameterizedTest
    @ValueSource(strings = { "db/app?socketFactory=org.example.Evil", "db:5433", "db,evil.example", "user@db",
            "db?sslmode=disable", "-db", "db-", "db..internal", ".db", "db internal", "db_1", "[::1", "::1",
            "[::1]:5432", "[fe80::1%eth0]", "" })
    void aHostThatIsNotANameOrAnAddressIsRefused(String host) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_HOSTNAME", host));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json") + ": entry \"POSTGRES_HOSTNAME\": refusing '")
                .hasMessageContaining("as the host (it goes into the JDBC URL): a host is a name or an IPv4 address "
                        + "(letters, digits, dots and hyphens, at most 253 characters) or an IPv6 address in brackets");
    }

    @ParameterizedTest
    @ValueSource(strings = { "db", "localhost", "db-1.internal.example.com", "DB.Example.COM", "10.0.0.5", "[::1]",
            "[2001:db8::5]", "[::ffff:10.0.0.5]" })
    void aHostNameOrAddressGoesIntoTheUrl(String host) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_HOSTNAME", host));

        assertThat(configFor("dev", Map.of(), Map.of(), urlProperties()).getValue("quarkus.datasource.jdbc.url",
                String.class)).isEqualTo("jdbc:postgresql://" + host + ":5432/application");
    }

    @Test
    void aHostNameLongerThan253CharactersIsRefused() {
        String label = "a".repeat(63);
        String host = String.join(".", label, label, label, label); // 255 characters

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of("POSTGRES_HOSTNAME", host), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("environment variable POSTGRES_HOSTNAME: refusing '" + host.substring(0, 80) + "...'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "5s -c search_path=evil", "5s\n-c log_statement=all", "5 s", "-1", "5sec", "5S", "1.5s",
            "five", "" })
    void aStatementTimeoutThatIsNotADurationIsRefused(String timeout) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_STATEMENT_TIMEOUT", timeout));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json")
                        + ": entry \"POSTGRES_STATEMENT_TIMEOUT\": refusing '")
                .hasMessageContaining("as the statement timeout (it goes into the options of every database "
                        + "connection): a statement timeout is a whole number with an optional unit");
    }

    @ParameterizedTest
    @ValueSource(strings = { "5s", "500ms", "0", "1min", "30000", "2h" })
    void aStatementTimeoutIsAWholeNumberWithAnOptionalUnit(String timeout) throws IOException {
        // the socket timeout off, so that no statement timeout is too long for it
        writeEntries("development.json", Map.of("POSTGRES_STATEMENT_TIMEOUT", timeout, "POSTGRES_SOCKET_TIMEOUT", "0"));

        SmallRyeConfig config = configFor("dev", Map.of(), Map.of(), Map.of("options",
                "-c statement_timeout=${POSTGRES_STATEMENT_TIMEOUT:5s}"));

        assertThat(config.getValue("options", String.class)).isEqualTo("-c statement_timeout=" + timeout);
    }

    @ParameterizedTest
    @ValueSource(strings = { "15s", "1.5", "-1", "15 ", "015", "100000", "15; sslmode=disable", "" })
    void aSocketTimeoutThatIsNotWholeSecondsIsRefused(String timeout) throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_SOCKET_TIMEOUT", timeout));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json")
                        + ": entry \"POSTGRES_SOCKET_TIMEOUT\": refusing '")
                .hasMessageContaining("as the socket timeout (it goes into the JDBC driver's socketTimeout): a socket "
                        + "timeout is a whole number of seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-4", "sixteen", "16.5", "16 ", "10000" })
    void aPoolSizeThatIsNotAWholeNumberFrom1To9999IsRefusedNamingTheFileAndEntry(String size) throws IOException {
        writeEntries("production.json", Map.of("POSTGRES_POOL_MAX_SIZE", size));

        assertThatThrownBy(() -> configFor("prod", Map.of(), PASSWORDS, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("production.json")
                        + ": entry \"POSTGRES_POOL_MAX_SIZE\": refusing '")
                .hasMessageEndingWith("as the pool size (it goes into quarkus.datasource.jdbc.max-size): a pool size "
                        + "is a whole number of connections from 1 to 9999");
    }

    @ParameterizedTest
    @ValueSource(strings = { "soon", "0s", "500ms", "-1h", "24 h" })
    void anIdempotencyKeyLifetimeUnderASecondOrNotADurationIsRefusedNamingTheFileAndEntry(String ttl)
            throws IOException {
        writeEntries("production.json", Map.of("IDEMPOTENCY_KEY_TTL", ttl));

        assertThatThrownBy(() -> configFor("prod", Map.of(), PASSWORDS, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("production.json")
                        + ": entry \"IDEMPOTENCY_KEY_TTL\": refusing '")
                .hasMessageContaining("as the lifetime of an idempotency key (it goes into idempotency.key-ttl): a "
                        + "lifetime is a duration of at least 1 s");
    }

    @ParameterizedTest
    @ValueSource(strings = { "24h", "30m", "7d", "1s", "PT12H", "3600" })
    void anIdempotencyKeyLifetimeOfASecondOrMoreGoesIntoTheSetting(String ttl) throws IOException {
        writeEntries("production.json", Map.of("IDEMPOTENCY_KEY_TTL", ttl));

        SmallRyeConfig config = configFor("prod", Map.of(), PASSWORDS, Map.of("idempotency.key-ttl",
                "${IDEMPOTENCY_KEY_TTL:24h}"));

        assertThat(config.getValue("idempotency.key-ttl", String.class)).isEqualTo(ttl);
    }

    @ParameterizedTest
    @CsvSource({
            "5s, 5, must be longer than the statement timeout of 5s",
            "20000, 20, must be longer than the statement timeout of 20000",
            "1min, 15, must be longer than the statement timeout of 1min",
            "0, 15, would cut short the statements that a statement timeout of 0" })
    void aSocketTimeoutNoLongerThanTheStatementTimeoutIsRefused(String statement, String socket, String problem)
            throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_STATEMENT_TIMEOUT", statement,
                "POSTGRES_SOCKET_TIMEOUT", socket));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json") + ": entry \"POSTGRES_SOCKET_TIMEOUT\": "
                        + "the socket timeout of " + socket + " s")
                .hasMessageContaining(problem);
    }

    @Test
    void aSocketTimeoutShorterThanAStatementTimeoutFromTheEnvironmentIsRefusedNamingTheFileEntry() throws IOException {
        writeEntries("production.json", Map.of("POSTGRES_STATEMENT_TIMEOUT", "5s", "POSTGRES_SOCKET_TIMEOUT", "15"));

        assertThatThrownBy(() -> configFor("prod", Map.of(), Map.of("APPLICATION_USER_PASSWORD", "x",
                "APPLICATION_OWNER_PASSWORD", "x", "POSTGRES_STATEMENT_TIMEOUT", "30s"), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage(configDir.resolve("production.json") + ": entry \"POSTGRES_SOCKET_TIMEOUT\": the socket "
                        + "timeout of 15 s (" + configDir.resolve("production.json") + ": entry "
                        + "\"POSTGRES_SOCKET_TIMEOUT\") must be longer than the statement timeout of 30s (environment "
                        + "variable POSTGRES_STATEMENT_TIMEOUT), so that PostgreSQL cancels a slow statement (a 503, the "
                        + "connection kept) before the driver gives up on the connection; raise POSTGRES_SOCKET_TIMEOUT "
                        + "or lower POSTGRES_STATEMENT_TIMEOUT");
    }

    @Test
    void aStatementTimeoutAboveTheDefaultSocketTimeoutIsRefusedSayingSo() throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_STATEMENT_TIMEOUT", "20s"));

        assertThatThrownBy(() -> configFor("dev", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(configDir.resolve("development.json") + ": entry \"POSTGRES_STATEMENT_TIMEOUT\": "
                        + "the socket timeout of 15 s (the default) must be longer than the statement timeout of 20s");
    }

    @ParameterizedTest
    @ValueSource(strings = { "6", "15", "0" })
    void aSocketTimeoutLongerThanTheStatementTimeoutOrOffGoesIntoTheDriverSettings(String socket)
            throws IOException {
        writeEntries("development.json", Map.of("POSTGRES_STATEMENT_TIMEOUT", "5s", "POSTGRES_SOCKET_TIMEOUT", socket));

        SmallRyeConfig config = configFor("dev", Map.of(), Map.of(), Map.of("socketTimeout",
                "${POSTGRES_SOCKET_TIMEOUT:15}"));

        assertThat(config.getValue("socketTimeout", String.class)).isEqualTo(socket);
    }

    @Test
    void settingsThatAreSetNowhereAreLeftToQuarkusAsTheTestProfileNeedsThem() throws IOException {
        // config/testing.json names no host: the test run hands the application its JDBC URL whole.
        writeEntries("testing.json", Map.of("POSTGRES_PORT", "5433", "APPLICATION_DB", "test"));

        SmallRyeConfig config = configFor("test", Map.of("quarkus.datasource.jdbc.url",
                "jdbc:postgresql://127.0.0.1:34793/test_b919e209"), Map.of(), Map.of());

        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:postgresql://127.0.0.1:34793/test_b919e209");
    }

    @Test
    void theShippedEnvironmentFilesPassTheChecks() {
        for (String profile : List.of("dev", "test", "prod")) {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withProfile(profile)
                    .withSources(new EnvConfigSource(PASSWORDS, 300))
                    .withSources(runtimeFactory())
                    .build();

            assertThat(config.getValue("APPLICATION_DB", String.class)).as(profile).isNotEmpty();
        }
    }

    @Test
    void whileQuarkusBuildsTheApplicationNothingIsChecked() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("dev")
                .withSources(new EnvConfigSource(Map.of("APPLICATION_DB", "app?socketFactory=x"), 300))
                .withSources(buildTimeFactory())
                .build();

        assertThat(config.getValue("APPLICATION_DB", String.class)).isEqualTo("app?socketFactory=x");
    }

    /** The datasource URL as application.properties builds it, with what a development file would hold. */
    private static Map<String, String> urlProperties() {
        return Map.of(
                "POSTGRES_HOSTNAME", "localhost", "POSTGRES_PORT", "5432", "APPLICATION_DB", "application",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://${POSTGRES_HOSTNAME}:${POSTGRES_PORT}/${APPLICATION_DB}");
    }

    /** An environment file with these entries, written as JSON whatever the values hold. */
    private void writeEntries(String name, Map<String, String> entries) throws IOException {
        List<Map<String, String>> list = entries.entrySet().stream()
                .map(entry -> Map.of("name", entry.getKey(), "value", entry.getValue()))
                .toList();
        try {
            write(name, new ObjectMapper().writeValueAsString(list));
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(configDir.resolve(name), content);
    }

    private SmallRyeConfig buildTimeConfig(String profile, Map<String, String> env) {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(Map.of(JsonConfigSourceFactory.CONFIG_DIR_PROPERTY,
                        configDir.toString()), "system", 400))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(buildTimeFactory())
                .build();
    }

    /** The factory as the application runs it; dev mode's stop is recorded in {@link #devModeStops}. */
    private JsonConfigSourceFactory runtimeFactory() {
        return new JsonConfigSourceFactory(() -> false, devModeStops::add);
    }

    private JsonConfigSourceFactory buildTimeFactory() {
        return new JsonConfigSourceFactory(() -> true, devModeStops::add);
    }

    private SmallRyeConfig configFor(String profile, Map<String, String> system, Map<String, String> env,
            Map<String, String> applicationProperties) {
        Map<String, String> systemWithDir = new HashMap<>(system);
        systemWithDir.put(JsonConfigSourceFactory.CONFIG_DIR_PROPERTY, configDir.toString());
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(systemWithDir, "system", 400))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(runtimeFactory())
                .build();
    }
}
