package org.acme.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** What a field of a body that Jackson cannot read must be instead, by the field's type. */
class JsonBodyProblemsTest {

    record Delivery(String note, Integer quantity, Long weight, BigDecimal price, Boolean paid, LocalDate day,
            OffsetDateTime at, List<String> labels) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void eachTypeOfFieldSaysWhatItMustBe() {
        assertThat(expected("{\"note\": {}}")).isEqualTo("must be a string");
        assertThat(expected("{\"quantity\": \"many\"}")).isEqualTo("must be a number");
        assertThat(expected("{\"price\": \"cheap\"}")).isEqualTo("must be a number");
        assertThat(expected("{\"paid\": \"yes\"}")).isEqualTo("must be true or false");
        assertThat(expected("{\"day\": \"tomorrow\"}")).isEqualTo("must be a date, such as 2026-12-05");
        assertThat(expected("{\"at\": \"now\"}")).startsWith("must be a date and time with its offset");
        assertThat(expected("{\"labels\": 7}")).isEqualTo("must be a JSON array");
    }

    @Test
    void aWholeNumberTooLargeForItsFieldSaysTheRange() {
        assertThat(JsonBodyProblems.range(outOfRange("{\"quantity\": 2147483648}")))
                .isEqualTo("must be a whole number from -2147483648 to 2147483647");
        assertThat(JsonBodyProblems.range(outOfRange("{\"weight\": 9223372036854775808}")))
                .isEqualTo("must be a whole number from -9223372036854775808 to 9223372036854775807");
    }

    private static String expected(String body) {
        return JsonBodyProblems.expected(catchThrowableOfType(MismatchedInputException.class,
                () -> JSON.readValue(body, Delivery.class)));
    }

    /** Read through a record's constructor, Jackson wraps it in the exception that holds the field's path. */
    private static InputCoercionException outOfRange(String body) {
        return (InputCoercionException) catchThrowableOfType(JsonMappingException.class,
                () -> JSON.readValue(body, Delivery.class)).getCause();
    }
}
