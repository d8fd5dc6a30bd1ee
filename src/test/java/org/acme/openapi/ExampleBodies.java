package org.acme.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;
import io.swagger.v3.oas.models.media.Schema;

/** Request bodies made from the schemas of the served document, for any resource. */
public final class ExampleBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sets this test run's values apart from those of earlier runs on the same database. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicLong COUNTER = new AtomicLong();

    /** A body that is sent instead of a valid one, and the rule of the schema that it breaks. */
    public record Broken(String body, String rule) {
    }

    private ExampleBodies() {
    }

    /**
     * A body that the schema accepts, with every property that is not read-only. Each call gives each string and
     * number a value that no call gave before (where the schema leaves room), so that two bodies share no value
     * of a field that must be unique, whichever that is.
     */
    public static String valid(Schema<?> schema) {
        return json(value("body", schema));
    }

    /**
     * The id of a resource just created by the document's {@code POST collectionPath} with a valid body: what a
     * field that refers to that collection ({@link ApiContract#REFERENCES}) holds in a valid body.
     */
    public static long newResourceId(String collectionPath) {
        return newResource(collectionPath).jsonPath().getLong("id");
    }

    /** The 201 of the document's {@code POST collectionPath} with a valid body. */
    static Response newResource(String collectionPath) {
        DocumentedOperation create = ServedDocument.operation("POST " + collectionPath);
        Response created = create.send(create.path(), create.validBody());
        assertThat(created.statusCode()).as("a resource made by %s (%s)", create.name(), created.asString())
                .isEqualTo(201);
        return created;
    }

    /** A body that breaks a rule the schema states for one of its properties, or none if it states none. */
    public static Optional<Broken> breakingARule(Schema<?> schema) {
        for (Map.Entry<String, Schema> property : writable(schema).entrySet()) {
            String name = property.getKey();
            Schema<?> rules = property.getValue();
            Map<String, Object> body = validProperties(schema);
            if (schema.getRequired() != null && schema.getRequired().contains(name)) {
                body.remove(name);
                return Optional.of(new Broken(json(body), "required " + name + " left out"));
            }
            Optional<Object> breaking = breaking(rules);
            if (breaking.isPresent()) {
                body.put(name, breaking.get());
                return Optional.of(new Broken(json(body), name + " = " + breaking.get()));
            }
        }
        return Optional.empty();
    }

    /** A value of a parameter or property that breaks a rule of {@code rules}, if it states one. */
    public static Optional<Object> breaking(Schema<?> rules) {
        if (rules.getMaxLength() != null) {
            return Optional.of("a".repeat(rules.getMaxLength() + 1));
        }
        if (rules.getMinLength() != null && rules.getMinLength() > 0) {
            return Optional.of("");
        }
        if (rules.getMinimum() != null) {
            return Optional.of(rules.getMinimum().subtract(BigDecimal.ONE));
        }
        if (rules.getMaximum() != null) {
            return Optional.of(rules.getMaximum().add(BigDecimal.ONE));
        }
        if (rules.getEnum() != null && !rules.getEnum().isEmpty()) {
            return Optional.of("not-a-listed-value");
        }
        if ("email".equals(rules.getFormat())) {
            return Optional.of("not-an-address");
        }
        if (List.of("integer", "number", "boolean").contains(type(rules))) {
            return Optional.of("not-a-" + type(rules));
        }
        return Optional.empty();
    }

    /** The schema's type: its first but null in OpenAPI 3.1, its type in 3.0, object if it only has properties. */
    static String type(Schema<?> schema) {
        if (schema.getTypes() != null) {
            Optional<String> type = schema.getTypes().stream().filter(name -> !"null".equals(name)).findFirst();
            if (type.isPresent()) {
                return type.get();
            }
        }
        if (schema.getType() != null) {
            return schema.getType();
        }
        return schema.getProperties() != null ? "object" : "unknown";
    }

    private static Map<String, Schema> writable(Schema<?> schema) {
        Map<String, Schema> properties = new LinkedHashMap<>();
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                if (!Boolean.TRUE.equals(property.getReadOnly())) {
                    properties.put(name, property);
                }
            });
        }
        return properties;
    }

    private static Map<String, Object> validProperties(Schema<?> schema) {
        Map<String, Object> values = new LinkedHashMap<>();
        writable(schema).forEach((name, property) -> values.put(name, value(name, property)));
        return values;
    }

    private static Object value(String name, Schema<?> schema) {
        if (schema.getExtensions() != null && schema.getExtensions().get(ApiContract.REFERENCES) instanceof String path) {
            return newResourceId(path);
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return schema.getEnum().get(0);
        }
        long unique = COUNTER.incrementAndGet();
        return switch (type(schema)) {
            case "object" -> validProperties(schema);
            case "array" -> List.of(value(name, schema.getItems()));
            case "boolean" -> true;
            case "integer" -> within(schema, unique);
            case "number" -> new BigDecimal(within(schema, unique)).add(new BigDecimal("0.5"));
            case "string" -> text(schema, unique);
            default -> throw new AssertionError("no value can be made for " + name + ": its schema has no type");
        };
    }

    private static long within(Schema<?> schema, long unique) {
        long lowest = schema.getMinimum() == null ? 1 : schema.getMinimum().longValue();
        long highest = schema.getMaximum() == null ? Integer.MAX_VALUE : schema.getMaximum().longValue();
        return lowest + unique % (highest - lowest + 1);
    }

    /**
     * A string of the schema's format. Free text is an email address: SmallRye does not write Bean Validation's
     * {@code @Email} into the schema, so an address is the text that satisfies such a field too.
     */
    private static String text(Schema<?> schema, long unique) {
        String token = "c" + RUN + "-" + unique;
        String text = switch (schema.getFormat() == null ? "" : schema.getFormat()) {
            case "date" -> LocalDate.of(2000, 1, 1).plusDays(unique).toString();
            case "date-time" -> OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(unique)
                    .toString();
            case "uuid" -> UUID.randomUUID().toString();
            case "uri", "uri-reference" -> "https://example.com/" + token;
            default -> token + "@example.com";
        };
        if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
            text = "a".repeat(schema.getMinLength() - text.length()) + text;
        }
        if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
            text = token.substring(Math.max(0, token.length() - schema.getMaxLength()));
        }
        return text;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
