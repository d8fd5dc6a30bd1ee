package org.acme.unique;

/** A field of an entity whose value a unique constraint or index keeps from appearing twice. */
public record UniqueField(Class<?> entity, String field) {
}
