package dev.gatehouse.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Durable "not valid before": every access token of the account issued earlier is revoked. */
@Entity
@Table(name = "account_token_watermark")
public class AccountTokenWatermark extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "not_before", nullable = false)
    public Instant notBefore;

    /** After this no token issued before {@code notBefore} can be alive; the row may go. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
