package org.acme.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
// the index is on lower(email), created by V1__create_users.sql: a taken email is a 409 whatever its case
@Table(name = "users", indexes = @Index(name = "users_email_lower_key", columnList = "email", unique = true))
public class User extends PanacheEntityBase {

    /** The largest address that SMTP can carry (RFC 5321 path limit). */
    public static final int EMAIL_MAX_LENGTH = 254;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = EMAIL_MAX_LENGTH)
    public String email;
}
