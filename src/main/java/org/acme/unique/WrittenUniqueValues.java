package org.acme.unique;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/**
 * The values of unique fields that this request wrote, the last one of each field, so that the 409 of a refused
 * write can name the value as the client sent it: PostgreSQL's own message gives the value as the index holds it
 * (lower-cased, for an index on {@code lower(email)}). Kept by {@link UniqueValuesInterceptor}.
 */
@RequestScoped
public class WrittenUniqueValues {

    private final Map<UniqueField, Object> values = new HashMap<>();

    void wrote(UniqueField field, Object value) {
        values.put(field, value);
    }

    public Optional<Object> valueOf(UniqueField field) {
        return Optional.ofNullable(values.get(field));
    }
}
