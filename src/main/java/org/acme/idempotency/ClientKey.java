package org.acme.idempotency;

import java.io.Serializable;
import java.util.Objects;

/**
 * An {@code Idempotency-Key} as one client sent it: the same key from two clients is two keys. The client is the
 * authenticated principal's name, or {@link #NO_CLIENT} without authentication. The identifier of
 * {@link IdempotencyKey} (a class, not a record: JPA's {@code @IdClass} needs a no-argument constructor).
 */
public class ClientKey implements Serializable {

    public static final String NO_CLIENT = "";

    public String clientScope;
    public String id;

    public ClientKey() {
    }

    public ClientKey(String clientScope, String id) {
        this.clientScope = clientScope;
        this.id = id;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientKey that && clientScope.equals(that.clientScope) && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientScope, id);
    }
}
