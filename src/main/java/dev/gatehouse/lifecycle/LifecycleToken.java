package dev.gatehouse.lifecycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A one-time link's record (table {@code lifecycle_token}): only the SHA-256 of the token. */
@Entity
@Table(name = "lifecycle_token")
public class LifecycleToken extends PanacheEntityBase {

    public enum Purpose { VERIFY_EMAIL, CHANGE_EMAIL, RESET_PASSWORD }

    @Id
    public UUID id;

    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Purpose purpose;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** The address the link proves: the account's (verify), the new one (change), the account's then (reset). */
    @Column(nullable = false)
    public String email;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
