package dev.gatehouse.apikey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** A personal API key; only its keyed hash is stored. Read and written by {@link ApiKeyService} only. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String prefix;

    /** HMAC-SHA-256 of the key under the server secret, hex. */
    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    /** Space-separated. */
    @Column(nullable = false)
    public String scopes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    Set<String> scopeSet() {
        Set<String> set = new LinkedHashSet<>();
        Arrays.stream(scopes.split(" ")).filter(s -> !s.isEmpty()).forEach(set::add);
        return set;
    }
}
