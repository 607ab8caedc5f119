package dev.gatehouse.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One issued refresh token, stored as a SHA-256 hash only. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(nullable = false)
    public int generation;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The access token issued with this refresh token, so a replay can revoke it. */
    @Column(name = "access_jti", nullable = false)
    public String accessJti;

    @Column(name = "access_expires_at", nullable = false)
    public Instant accessExpiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "successor_sealed")
    public String successorSealed;
}
