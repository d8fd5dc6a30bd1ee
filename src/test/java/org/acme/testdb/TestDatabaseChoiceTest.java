package org.acme.testdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Supplier;

import org.acme.testdb.TestDatabaseChoice.Kind;
import org.junit.jupiter.api.Test;

class TestDatabaseChoiceTest {

    static final Supplier<String> NO_RUNTIME = () -> null;
    static final Supplier<String> DOCKER = () -> "docker";

    @Test
    void aHostnameInTheEnvironmentSelectsThatServerEvenWithAContainerRuntime() {
        TestDatabaseChoice choice = TestDatabaseChoice.choose(Map.of("POSTGRES_HOSTNAME", "db.example",
                "POSTGRES_PORT", "6543"), Map.of("APPLICATION_DB", "test"), DOCKER);

        assertThat(choice.kind()).isEqualTo(Kind.SERVER);
        assertThat(choice.newDatabase().describe())
                .startsWith("PostgreSQL server at db.example:6543 (POSTGRES_HOSTNAME is set), database test_");
    }

    @Test
    void aHostnameInTheTestingFileSelectsThatServerToo() {
        TestDatabaseChoice choice = TestDatabaseChoice.choose(Map.of(), Map.of("POSTGRES_HOSTNAME", "db.example"),
                NO_RUNTIME);

        assertThat(choice.newDatabase().describe()).startsWith("PostgreSQL server at db.example:5432");
    }

    @Test
    void aContainerRuntimeSelectsDevServices() {
        TestDatabaseChoice choice = TestDatabaseChoice.choose(Map.of(), Map.of(), DOCKER);

        assertThat(choice.kind()).isEqualTo(Kind.DEV_SERVICES);
        assertThat(choice.reason()).isEqualTo("docker is running");
    }

    @Test
    void withNeitherTheBinariesAreEmbedded() {
        TestDatabaseChoice choice = TestDatabaseChoice.choose(Map.of(), Map.of(), NO_RUNTIME);

        assertThat(choice.kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(choice.newDatabase()).isInstanceOf(EmbeddedDatabase.class);
    }

    @Test
    void eachDatabaseGetsItsOwnName() {
        TestDatabaseChoice choice = TestDatabaseChoice.choose(Map.of("POSTGRES_HOSTNAME", "db.example"), Map.of(),
                NO_RUNTIME);

        assertThat(choice.newDatabase().describe()).isNotEqualTo(choice.newDatabase().describe());
    }

    @Test
    void theChoiceCanBeForced() {
        assertThat(TestDatabaseChoice.choose(Map.of("TEST_DATABASE", "embedded", "POSTGRES_HOSTNAME", "db.example"),
                Map.of(), DOCKER).kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(TestDatabaseChoice.choose(Map.of("TEST_DATABASE", "devservices"), Map.of(), NO_RUNTIME).kind())
                .isEqualTo(Kind.DEV_SERVICES);
    }

    @Test
    void forcingAServerWithoutHostnameIsRefused() {
        assertThatThrownBy(() -> TestDatabaseChoice.choose(Map.of("TEST_DATABASE", "server"), Map.of(), DOCKER))
                .hasMessage("TEST_DATABASE=server needs POSTGRES_HOSTNAME");
    }

    @Test
    void anUnknownForcedChoiceIsRefused() {
        assertThatThrownBy(() -> TestDatabaseChoice.choose(Map.of("TEST_DATABASE", "h2"), Map.of(), DOCKER))
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
