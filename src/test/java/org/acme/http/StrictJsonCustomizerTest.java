package org.acme.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** The customizer on a plain ObjectMapper: what each of its settings refuses, and what it still reads. */
class StrictJsonCustomizerTest {

    record Body(String email) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void customize() {
        new StrictJsonCustomizer().customize(mapper);
    }

    @Test
    void aWellFormedBodyIsRead() throws Exception {
        assertThat(mapper.readValue("{\"email\": \"ann@example.com\"}", Body.class).email())
                .isEqualTo("ann@example.com");
    }

    @Test
    void textAfterTheJsonValueIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"email\": \"ann@example.com\"} {}", Body.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("Trailing token");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"email\": \"a@example.com\", \"email\": \"b@example.com\"}",
                Body.class))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Duplicate field 'email'");
    }

    @Test
    void aStringHoldingNulIsRefusedWhateverTheField() throws Exception {
        assertThatThrownBy(() -> mapper.readValue("{\"email\": \"a\\u0000b\"}", Body.class))
                .isInstanceOf(InvalidFormatException.class)
                .satisfies(e -> assertThat(((InvalidFormatException) e).getPath().get(0).getFieldName())
                        .isEqualTo("email"));
        assertThat(mapper.readValue("{\"email\": \"a\\u0007\\t\\u00e9b\"}", Body.class).email())
                .isEqualTo("a\u0007\t\u00e9b");
    }

    @Test
    void aNumberOrABooleanWhereTextIsExpectedIsRefusedNotConverted() {
        for (String value : new String[] { "42", "4.2", "true" }) {
            assertThatThrownBy(() -> mapper.readValue("{\"email\": " + value + "}", Body.class)).as(value)
                    .isInstanceOf(InvalidFormatException.class);
        }
    }
}
