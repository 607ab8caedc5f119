package dev.gatehouse.mfa;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A sign-in waiting for its second factor (see V7__mfa.sql). */
@Entity
@Table(name = "mfa_challenge")
public class MfaChallenge extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash", length = 64)
    public String tokenHash;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** {@code verify} or {@code enroll}. */
    @Column(name = "purpose", nullable = false)
    public String purpose;

    /** The first factor's {@code amr} values, space separated ({@code pwd}, {@code google}, {@code github}). */
    @Column(name = "first_factor", nullable = false)
    public String firstFactor;

    /** SHA-256 of the password hash that was checked (password sign-ins): a password change in between voids the challenge. */
    @Column(name = "credential_fingerprint")
    public String credentialFingerprint;

    @Column(name = "session_kind", nullable = false)
    public String sessionKind;

    @Column(name = "scope", nullable = false)
    public String scope;

    @Column(name = "attempts", nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
