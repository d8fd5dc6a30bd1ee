package org.acme.testdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TestDatabaseSessionTest {

    @Test
    void aHostnameInTheEnvironmentSelectsThatServer() {
        ThrowawayDatabase database = TestDatabaseSession.choose(Map.of("POSTGRES_HOSTNAME", "db.example", "POSTGRES_PORT",
                "6543"), Map.of("APPLICATION_DB", "test"));

        assertThat(database).isInstanceOf(ServerDatabase.class);
        assertThat(database.describe()).startsWith("PostgreSQL server at db.example:6543 (POSTGRES_HOSTNAME is set), database test_");
    }

    @Test
    void aHostnameInTheTestingFileSelectsThatServerToo() {
        ThrowawayDatabase database = TestDatabaseSession.choose(Map.of(), Map.of("POSTGRES_HOSTNAME", "db.example"));

        assertThat(database.describe()).startsWith("PostgreSQL server at db.example:5432");
    }

    @Test
    void eachRunGetsItsOwnDatabaseName() {
        Map<String, String> env = Map.of("POSTGRES_HOSTNAME", "db.example");

        assertThat(TestDatabaseSession.choose(env, Map.of()).describe())
                .isNotEqualTo(TestDatabaseSession.choose(env, Map.of()).describe());
    }

    @Test
    void theChoiceCanBeForced() {
        assertThat(TestDatabaseSession.choose(Map.of("TEST_DATABASE", "embedded", "POSTGRES_HOSTNAME", "db.example"),
                Map.of())).isInstanceOf(EmbeddedDatabase.class);
        assertThat(TestDatabaseSession.choose(Map.of("TEST_DATABASE", "devservices"), Map.of()))
                .isInstanceOf(DevServicesDatabase.class);
    }

    @Test
    void forcingAServerWithoutHostnameIsRefused() {
        assertThatThrownBy(() -> TestDatabaseSession.choose(Map.of("TEST_DATABASE", "server"), Map.of()))
                .hasMessage("TEST_DATABASE=server needs POSTGRES_HOSTNAME");
    }

    @Test
    void anUnknownForcedChoiceIsRefused() {
        assertThatThrownBy(() -> TestDatabaseSession.choose(Map.of("TEST_DATABASE", "h2"), Map.of()))
                .hasMessage("TEST_DATABASE must be server, devservices or embedded, not 'h2'");
    }

    @Test
    void databaseNamesFromConfigurationAreCheckedBeforeUse() {
        assertThat(Identifiers.quote("test_1a2b")).isEqualTo("\"test_1a2b\"");
        assertThatThrownBy(() -> Identifiers.quote("app; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not a safe database name: 'app; DROP DATABASE postgres'");
        assertThatThrownBy(() -> Identifiers.quote("a\"b")).isInstanceOf(IllegalArgumentException.class);
    }
}
