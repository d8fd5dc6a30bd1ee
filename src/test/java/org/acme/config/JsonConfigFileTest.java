package org.acme.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonConfigFileTest {

    private static final Path FILE = Path.of("config/example.json");

    @Test
    void readsEntriesInFileOrder() {
        JsonConfigFile config = JsonConfigFile.parse(FILE, """
                [{"name": "POSTGRES_USER", "value": "postgres"},
                 {"name": "POSTGRES_PORT", "value": "5432"},
                 {"name": "EMPTY", "value": ""}]
                """);

        assertThat(config.values()).containsExactly(
                entry("POSTGRES_USER", "postgres"), entry("POSTGRES_PORT", "5432"), entry("EMPTY", ""));
    }

    @Test
    void acceptsAnEmptyList() {
        assertThat(JsonConfigFile.parse(FILE, "[]").values()).isEmpty();
    }

    @Test
    void malformedJsonIsReportedWithFileAndPosition() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[\n  {\"name\": \"A\", \"value\": \"1\"\n]"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("config/example.json: malformed JSON at line 3, column 1");
    }

    @Test
    void truncatedFileIsMalformed() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"A\", \"val"))
                .hasMessageStartingWith("config/example.json: malformed JSON at line 1");
    }

    @Test
    void textAfterTheListIsMalformed() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[] []"))
                .hasMessageStartingWith("config/example.json: malformed JSON");
    }

    @Test
    void emptyFileIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "  "))
                .hasMessage("config/example.json: the file is empty; expected a JSON array of {\"name\", \"value\"} entries");
    }

    @Test
    void anObjectInsteadOfAListIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "{\"POSTGRES_USER\": \"postgres\"}"))
                .hasMessage("config/example.json: expected a JSON array of {\"name\", \"value\"} entries, found an object");
    }

    @Test
    void anEntryThatIsNotAnObjectIsNamedByPosition() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"A\", \"value\": \"1\"}, \"B=2\"]"))
                .hasMessage("config/example.json: entry #2: expected an object {\"name\", \"value\"}, found a string");
    }

    @Test
    void anEntryWithoutNameIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"value\": \"1\"}]"))
                .hasMessage("config/example.json: entry #1: \"name\" must be a non-empty string, found nothing");
    }

    @Test
    void aNameThatIsNotAStringIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": 7, \"value\": \"1\"}]"))
                .hasMessage("config/example.json: entry #1: \"name\" must be a non-empty string, found the number 7");
    }

    @Test
    void aValueThatIsNotAStringIsRefusedWithAHint() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"POSTGRES_PORT\", \"value\": 5432}]"))
                .hasMessage("config/example.json: entry #1 (POSTGRES_PORT): \"value\" must be a string, "
                        + "found the number 5432; write it in quotes");
    }

    @Test
    void aMissingValueIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"POSTGRES_PORT\"}]"))
                .hasMessage("config/example.json: entry #1 (POSTGRES_PORT): \"value\" must be a string, found nothing");
    }

    @Test
    void aNullValueIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"A\", \"value\": null}]"))
                .hasMessage("config/example.json: entry #1 (A): \"value\" must be a string, found null");
    }

    @Test
    void aMisspelledFieldIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"A\", \"value\": \"1\", \"valeu\": \"2\"}]"))
                .hasMessage("config/example.json: entry #1 (A): unexpected field \"valeu\"; an entry has only \"name\" and \"value\"");
    }

    @Test
    void theSameNameTwiceIsRefused() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, """
                [{"name": "POSTGRES_USER", "value": "a"},
                 {"name": "POSTGRES_USER", "value": "b"}]
                """))
                .hasMessage("config/example.json: entry #2 (POSTGRES_USER): the name POSTGRES_USER is already defined "
                        + "by an earlier entry");
    }

    @Test
    void aDuplicateKeyInsideAnEntryIsMalformed() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"A\", \"value\": \"1\", \"value\": \"2\"}]"))
                .hasMessage("config/example.json: malformed JSON at line 1, column 37: \"value\" appears twice in "
                        + "one object");
    }

    /** Jackson's messages quote the token they stopped at: an unquoted password would end up in the startup log. */
    @Test
    void noValueOfTheFileIsInTheMessage() {
        String secret = "s3cret-Xy7q";
        String[] files = {
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": " + secret + "}]",
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": \"" + secret,
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": \"" + secret + "\"}] " + secret,
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": \"" + secret + "\"} " + secret + "]",
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": '" + secret + "'}]",
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": \"" + secret + "\\q\"}]",
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": \"" + secret + "\n\"}]",
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"" + secret + "\": \"1\", \"" + secret + "\": \"2\"}]",
                "[{\"name\": \"APPLICATION_USER_PASSWORD\", \"value\": \"a\"}] \"" + secret + "\"",
                secret,
        };
        for (String file : files) {
            assertThatThrownBy(() -> JsonConfigFile.parse(FILE, file))
                    .as(file)
                    .isInstanceOf(ConfigFileException.class)
                    .hasMessageStartingWith("config/example.json: malformed JSON at line 1, column ")
                    .hasNoCause()
                    .message().doesNotContain(secret).doesNotContain(secret.substring(0, 4));
        }
    }

    @Test
    void anUnquotedValueIsNamedByPositionAndKind() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[\n {\"name\": \"A\", \"value\": hunter2}\n]"))
                .hasMessage("config/example.json: malformed JSON at line 2, column 25: not valid JSON here (a value "
                        + "without quotes, a missing comma, or a stray character?)");
    }

    @Test
    void aTruncatedFileSaysSo() {
        assertThatThrownBy(() -> JsonConfigFile.parse(FILE, "[{\"name\": \"A\", \"value\": \"hunter2"))
                .hasMessageEndingWith(": the file ends before the JSON is complete (a missing quote, bracket or "
                        + "brace?)");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("staging.json");
        assertThatThrownBy(() -> JsonConfigFile.read(missing))
                .hasMessage(missing + ": file not found");
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("development.json"), "[{\"name\": \"A\", \"value\": \"1\"}]");
        assertThat(JsonConfigFile.read(file).values()).containsExactly(entry("A", "1"));
    }

    @Test
    void theShippedFilesAreValidAndProductionHoldsNoPassword() {
        for (String environment : new String[] { "development", "testing", "production" }) {
            assertThat(JsonConfigFile.read(Path.of("config", environment + ".json")).values())
                    .containsKeys("POSTGRES_USER", "POSTGRES_PORT", "POSTGRES_DB", "APPLICATION_DB");
        }
        assertThat(JsonConfigFile.read(Path.of("config/production.json")).values())
                .doesNotContainKey("POSTGRES_PASSWORD");
    }

    private static java.util.Map.Entry<String, String> entry(String name, String value) {
        return java.util.Map.entry(name, value);
    }
}
