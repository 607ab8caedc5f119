package dev.gatehouse.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One login's chain of refresh tokens; a web session is a family bound to a cookie. */
@Entity
@Table(name = "refresh_family")
public class RefreshFamily extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** {@code TOKEN} (the client keeps the refresh token) or {@code COOKIE} (a browser session). */
    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String scope;

    /** Space-separated authentication methods of the login, carried into refreshed tokens. */
    @Column(nullable = false)
    public String amr;

    @Column(name = "client_address")
    public String clientAddress;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    @Column(name = "absolute_expires_at", nullable = false)
    public Instant absoluteExpiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoke_reason")
    public String revokeReason;

    /** The registered client this family was issued to (authorization code flow), or null. */
    @Column(name = "client_id")
    public String clientId;

    /** The SSO browser session (a COOKIE family) this client family came from, or null. */
    @Column(name = "sso_family_id")
    public UUID ssoFamilyId;
}
