package dev.gatehouse.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** Consent of an account to a client for a set of scopes (table {@code oidc_consent}). */
@Entity
@Table(name = "oidc_consent")
public class Consent extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "account_id") UUID accountId, @Column(name = "client_id") String clientId) implements Serializable {
    }

    @EmbeddedId
    public Key id;

    /** Space-separated. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt;
}
