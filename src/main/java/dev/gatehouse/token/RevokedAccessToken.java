package dev.gatehouse.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Durable record of one revoked access token, kept until the token would have expired. */
@Entity
@Table(name = "revoked_access_token")
public class RevokedAccessToken extends PanacheEntityBase {

    @Id
    public String jti;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at", nullable = false)
    public Instant revokedAt;
}
