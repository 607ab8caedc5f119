package dev.gatehouse.apikey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An access token issued for a key by exchange: revoked with the key. */
@Entity
@Table(name = "api_key_token")
public class ApiKeyToken extends PanacheEntityBase {

    @Id
    public String jti;

    @Column(name = "key_id", nullable = false)
    public UUID keyId;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
