package org.acme.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a client may send to create or change a user: only the email; an {@code id} in the body is ignored. */
public record UserRequest(
        @NotBlank @Email @Size(max = User.EMAIL_MAX_LENGTH) String email) {

    public UserRequest {
        email = email == null ? null : email.strip();
    }
}
