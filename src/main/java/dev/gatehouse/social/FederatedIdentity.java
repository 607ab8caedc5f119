package dev.gatehouse.social;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An identity at a provider, linked to one account. Keyed on (provider, subject): the provider's
 * stable user id, never the e-mail or the GitHub login, which both change.
 */
@Entity
@Table(name = "federated_identity")
public class FederatedIdentity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String subject;

    /** The e-mail the provider last reported (for display; never used to find the identity). */
    public String email;

    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    /** GitHub's login name as last seen (it can be renamed). */
    public String login;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    static FederatedIdentity find(SocialProvider provider, String subject) {
        return find("provider = ?1 and subject = ?2", provider.id(), subject).firstResult();
    }

    static FederatedIdentity ofAccount(UUID accountId, SocialProvider provider) {
        return find("accountId = ?1 and provider = ?2", accountId, provider.id()).firstResult();
    }
}
