package org.acme.unique;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Interceptor;
import org.hibernate.type.Type;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;

/**
 * Notes in {@link WrittenUniqueValues} the unique fields' values of every entity that a request inserts or updates,
 * just before Hibernate sends the statement. Writes outside a request (a scheduled job) are not noted.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class UniqueValuesInterceptor implements Interceptor {

    @Inject
    UniqueFields uniqueFields;

    @Inject
    WrittenUniqueValues written;

    @Override
    public boolean onPersist(Object entity, Object id, Object[] state, String[] propertyNames, Type[] types) {
        note(entity, state, propertyNames);
        return false;
    }

    @Override
    public boolean onFlushDirty(Object entity, Object id, Object[] currentState, Object[] previousState,
            String[] propertyNames, Type[] types) {
        note(entity, currentState, propertyNames);
        return false;
    }

    private void note(Object entity, Object[] state, String[] propertyNames) {
        List<UniqueField> fields = uniqueFields.of(entity.getClass());
        if (fields.isEmpty() || !Arc.container().requestContext().isActive()) {
            return;
        }
        List<String> names = Arrays.asList(propertyNames);
        for (UniqueField field : fields) {
            int index = names.indexOf(field.field());
            if (index >= 0) {
                written.wrote(field, state[index]);
            }
        }
    }
}
