package org.acme.idempotency;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An {@code Idempotency-Key} that a create was sent with, and the answer that it got (V2__idempotency_keys.sql,
 * V4__idempotency_keys_per_client.sql).
 */
@Entity
@Table(name = "idempotency_keys")
@IdClass(ClientKey.class)
public class IdempotencyKey extends PanacheEntityBase {

    public static final int MAX_LENGTH = 255;

    /** Whose key it is: see {@link ClientKey}. */
    @Id
    @Column(name = "client_scope", length = MAX_LENGTH)
    public String clientScope;

    /** The key as the client sent it. */
    @Id
    @Column(name = "idempotency_key", length = MAX_LENGTH)
    public String id;

    @Column(name = "request_fingerprint", nullable = false, length = 64)
    public String requestFingerprint;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "response_location", length = 2048)
    public String responseLocation;

    @Column(name = "response_body", columnDefinition = "text")
    public String responseBody;
}
