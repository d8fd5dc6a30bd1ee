package org.acme.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    /** The largest address that SMTP can carry (RFC 5321 path limit). */
    public static final int EMAIL_MAX_LENGTH = 254;

    /** The unique index on lower(email), created by V1__create_users.sql. */
    public static final String EMAIL_UNIQUE_INDEX = "users_email_lower_key";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = EMAIL_MAX_LENGTH)
    public String email;
}
