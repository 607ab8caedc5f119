package dev.gatehouse.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An authorization request waiting for sign-in or consent (table {@code oidc_pending_request}). */
@Entity
@Table(name = "oidc_pending_request")
public class PendingRequest extends PanacheEntityBase {

    @Id
    @Column(name = "id_hash")
    public String idHash;

    /** The request's parameters as JSON. */
    @Column(nullable = false)
    public String params;

    @Column(name = "login_after")
    public Instant loginAfter;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
