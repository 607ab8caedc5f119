package dev.gatehouse.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An authorization code (table {@code oidc_code}), stored as its SHA-256 only. */
@Entity
@Table(name = "oidc_code")
public class AuthorizationCode extends PanacheEntityBase {

    @Id
    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(name = "code_challenge", nullable = false)
    public String codeChallenge;

    @Column(nullable = false)
    public String scope;

    public String nonce;

    @Column(nullable = false)
    public String amr;

    @Column(name = "auth_time", nullable = false)
    public Instant authTime;

    @Column(name = "sso_family_id", nullable = false)
    public UUID ssoFamilyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** The family its first redemption started: revoked when the code comes back. */
    @Column(name = "family_id")
    public UUID familyId;
}
