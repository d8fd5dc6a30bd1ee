package org.acme.unique;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.metamodel.ManagedType;

import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.NamingHelper;
import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.runtime.Startup;

/**
 * The unique constraints of the entities, by name, each with the field it keeps unique, read once at startup from
 * the entities' annotations: a write that one of them refuses becomes a 409 that names the field
 * ({@link #takenValue}, which org.acme.problem answers), with no code in the resource. An entity declares a constraint as
 * <ul>
 * <li>{@code @Table(indexes = @Index(name = "...", columnList = "column", unique = true))}, or
 * {@code @Table(uniqueConstraints = @UniqueConstraint(name = "...", columnNames = "column"))}: by the name that the
 * migration gives it, which may be an index on an expression of the column, such as {@code lower(email)};</li>
 * <li>{@code @Column(unique = true)}: by the name that Hibernate gives it, {@code UK} and a hash of the table and the
 * column, which is what {@code scripts/manage db new -m} writes in the migration; or by the name that PostgreSQL
 * gives a {@code UNIQUE} column constraint that the migration does not name, {@code <table>_<column>_key}.</li>
 * </ul>
 * Only constraints on a single column are known here; the violation of any other stays an unexpected failure (500).
 */
@Startup
@ApplicationScoped
public class UniqueFields {

    private final Map<String, UniqueField> byConstraint;
    private final Map<Class<?>, List<UniqueField>> byEntity;

    @Inject
    UniqueFields(EntityManagerFactory entityManagerFactory) {
        this(entityManagerFactory.getMetamodel().getEntities().stream().<Class<?>> map(ManagedType::getJavaType)
                .toList());
    }

    UniqueFields(Collection<Class<?>> entities) {
        byConstraint = new HashMap<>();
        for (Class<?> entity : entities) {
            declared(entity).forEach((constraint, field) -> byConstraint.put(constraint.toLowerCase(Locale.ROOT),
                    new UniqueField(entity, field)));
        }
        byEntity = new HashMap<>();
        byConstraint.values().stream().distinct()
                .forEach(field -> byEntity.computeIfAbsent(field.entity(), entity -> new ArrayList<>())
                        .add(field));
    }

    /** The field that the unique constraint {@code name} keeps unique, if an entity declares it. */
    public Optional<UniqueField> byConstraint(String name) {
        return Optional.ofNullable(name).map(n -> byConstraint.get(n.toLowerCase(Locale.ROOT)));
    }

    /** The unique fields of {@code entity}. */
    public List<UniqueField> of(Class<?> entity) {
        return byEntity.getOrDefault(entity, List.of());
    }

    /**
     * What to tell the client when {@code failure} comes from a write that a known unique constraint refused: "The
     * email ann@example.com is already taken", with the value that the request wrote when {@code written} holds it.
     */
    public Optional<String> takenValue(Throwable failure, WrittenUniqueValues written) {
        return uniqueViolation(failure).flatMap(violation -> byConstraint(violation.getConstraintName()))
                .map(field -> written.valueOf(field)
                        .map(value -> "The " + field.field() + " " + value + " is already taken")
                        .orElse("The " + field.field() + " is already taken"));
    }

    private static Optional<ConstraintViolationException> uniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return Optional.of(violation);
            }
        }
        return Optional.empty();
    }

    /** The single-column unique constraints that {@code entity} declares, by name, each with its field. */
    static Map<String, String> declared(Class<?> entity) {
        Map<String, String> constraints = new HashMap<>();
        Table table = entity.getAnnotation(Table.class);
        if (table != null) {
            for (Index index : table.indexes()) {
                if (index.unique()) {
                    fieldOfColumns(entity, index.columnList().split(","))
                            .ifPresent(field -> constraints.put(index.name(), field));
                }
            }
            for (UniqueConstraint constraint : table.uniqueConstraints()) {
                fieldOfColumns(entity, constraint.columnNames())
                        .ifPresent(field -> constraints.put(constraint.name(), field));
            }
        }
        for (Field field : fields(entity)) {
            Column column = field.getAnnotation(Column.class);
            if (column != null && column.unique()) {
                String tableName = tableName(entity);
                constraints.put(unquoted(tableName) + "_" + unquoted(columnName(field)) + "_key", field.getName());
                String hibernateName = NamingHelper.INSTANCE.generateHashedConstraintName("UK",
                        Identifier.toIdentifier(tableName), Identifier.toIdentifier(columnName(field)));
                constraints.put(hibernateName, field.getName());
            }
        }
        return constraints;
    }

    private static Optional<String> fieldOfColumns(Class<?> entity, String[] columns) {
        if (columns.length != 1) {
            return Optional.empty();
        }
        String column = columns[0].strip();
        return fields(entity).stream()
                .filter(field -> columnName(field).equalsIgnoreCase(column)
                        || field.getName().equalsIgnoreCase(column))
                .map(Field::getName)
                .findFirst();
    }

    /** The persistent fields of {@code entity}, its mapped superclasses' included. */
    private static List<Field> fields(Class<?> entity) {
        return Stream.<Class<?>> iterate(entity, type -> type != null && type != Object.class, Class::getSuperclass)
                .flatMap(type -> Stream.of(type.getDeclaredFields()))
                .filter(field -> !Modifier.isStatic(field.getModifiers())
                        && !Modifier.isTransient(field.getModifiers()))
                .toList();
    }

    private static String columnName(Field field) {
        Column column = field.getAnnotation(Column.class);
        return column != null && !column.name().isEmpty() ? column.name() : field.getName();
    }

    private static String tableName(Class<?> entity) {
        Table table = entity.getAnnotation(Table.class);
        if (table != null && !table.name().isEmpty()) {
            return table.name();
        }
        Entity annotation = entity.getAnnotation(Entity.class);
        return annotation != null && !annotation.name().isEmpty() ? annotation.name() : entity.getSimpleName();
    }

    /** Hibernate's default naming keeps the Java name, and PostgreSQL folds an unquoted name to lower case. */
    private static String unquoted(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
