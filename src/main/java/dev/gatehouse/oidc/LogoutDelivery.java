package dev.gatehouse.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A back-channel logout token waiting to be POSTed (table {@code oidc_logout_outbox}). */
@Entity
@Table(name = "oidc_logout_outbox")
public class LogoutDelivery extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(nullable = false)
    public String uri;

    /** The person the logout token names ({@code sub}); the token is signed at each attempt, so a retry never sends an expired one. */
    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** The ended session ({@code sid} of the logout token). */
    @Column(name = "sid", nullable = false)
    public UUID sid;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
