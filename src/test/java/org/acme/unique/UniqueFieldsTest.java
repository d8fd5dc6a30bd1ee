package org.acme.unique;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Index;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.transaction.RollbackException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.ConstraintViolationException.ConstraintKind;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.ArcUndeclaredThrowableException;

/**
 * How the unique constraints are found on the entities' annotations, and the 409 they become. The fixtures are not
 * {@code @Entity}, so that they never join the application's persistence unit: the annotations read here are the
 * same.
 */
class UniqueFieldsTest {

    @Table(name = "orders", indexes = {
            @Index(name = "orders_reference_lower_key", columnList = "ref", unique = true),
            @Index(name = "orders_placed_at_idx", columnList = "placedAt"),
            @Index(name = "orders_customer_reference_key", columnList = "customerId, ref", unique = true) },
            uniqueConstraints = @UniqueConstraint(name = "orders_barcode_uq", columnNames = "barcode"))
    static class Order {
        @Column(name = "ref")
        String reference;
        String placedAt;
        Long customerId;
        String barcode;
        @Column(unique = true)
        String trackingCode;
    }

    @Test
    void aUniqueIndexNamesTheFieldOfItsColumn() {
        assertThat(UniqueFields.declared(Order.class)).containsEntry("orders_reference_lower_key", "reference");
    }

    @Test
    void aNamedUniqueConstraintNamesItsField() {
        assertThat(UniqueFields.declared(Order.class)).containsEntry("orders_barcode_uq", "barcode");
    }

    @Test
    void aUniqueColumnGoesByTheNameThatDbNewWritesOrByPostgresqlsNameForAnUnnamedConstraint() {
        // the name that scripts/manage db new -m wrote for this column
        assertThat(UniqueFields.declared(Order.class)).containsEntry("UKkl0peqjhuj35oqym46u9it88u", "trackingCode")
                .containsEntry("orders_trackingcode_key", "trackingCode");
    }

    @Test
    void plainIndexesAndConstraintsOnSeveralColumnsAreNotUniqueFields() {
        assertThat(UniqueFields.declared(Order.class)).containsOnlyKeys("orders_reference_lower_key",
                "orders_barcode_uq", "UKkl0peqjhuj35oqym46u9it88u", "orders_trackingcode_key");
    }

    @Test
    void aRefusedWriteNamesTheFieldAndTheValueThatTheRequestWrote() {
        UniqueFields fields = new UniqueFields(List.of(Order.class));
        WrittenUniqueValues written = new WrittenUniqueValues();
        written.wrote(new UniqueField(Order.class, "reference"), "AB-12");

        String taken = fields.takenValue(refusedBy("ORDERS_REFERENCE_LOWER_KEY"), written).orElseThrow();

        assertThat(taken).isEqualTo("The reference AB-12 is already taken");
    }

    @Test
    void withoutTheValueWrittenTheProblemNamesTheFieldAlone() {
        UniqueFields fields = new UniqueFields(List.of(Order.class));

        assertThat(fields.takenValue(refusedBy("orders_barcode_uq"), new WrittenUniqueValues()).orElseThrow()).isEqualTo("The barcode is already taken");
    }

    @Test
    void theConstraintIsFoundByTheNameAsPostgresqlReportsItInLowerCase() {
        UniqueFields fields = new UniqueFields(List.of(Order.class));

        assertThat(fields.takenValue(refusedBy("ukkl0peqjhuj35oqym46u9it88u"), new WrittenUniqueValues()).orElseThrow()).isEqualTo("The trackingCode is already taken");
    }

    @Test
    void aWriteRefusedAtTheCommitIsAConflictToo() {
        UniqueFields fields = new UniqueFields(List.of(Order.class));
        RollbackException atCommit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        atCommit.initCause(refusedBy("orders_barcode_uq"));

        assertThat(fields.takenValue(new ArcUndeclaredThrowableException("Error invoking subclass method", atCommit),
                new WrittenUniqueValues())).isPresent();
    }

    @Test
    void anUndeclaredConstraintOrAnotherFailureIsNoConflict() {
        UniqueFields fields = new UniqueFields(List.of(Order.class));

        assertThat(fields.takenValue(refusedBy("orders_placed_at_idx"), new WrittenUniqueValues())).isEmpty();
        assertThat(fields.takenValue(new PersistenceException("wrapped", new ConstraintViolationException("not null",
                new SQLException("null value", "23502"), ConstraintKind.NOT_NULL, "orders_barcode_uq")),
                new WrittenUniqueValues())).isEmpty();
    }

    /** As a statement refused by the unique constraint {@code name} reaches the mapper: wrapped by JPA. */
    private static PersistenceException refusedBy(String name) {
        return new PersistenceException("could not execute statement", new ConstraintViolationException(
                "duplicate key", new SQLException("duplicate key value", "23505"), ConstraintKind.UNIQUE, name));
    }
}
