package org.acme.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the API answers about a user, and what an idempotency key stores: a field added to {@link User} is published
 * only once it is added here.
 */
@Schema(name = "User")
public record UserResponse(Long id, String email) {

    static UserResponse of(User user) {
        return new UserResponse(user.id, user.email);
    }
}
