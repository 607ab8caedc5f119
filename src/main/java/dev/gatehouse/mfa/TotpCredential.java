package dev.gatehouse.mfa;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An account's TOTP authenticator; the secret sealed (see V7__mfa.sql). */
@Entity
@Table(name = "mfa_totp")
public class TotpCredential extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "secret_sealed", nullable = false)
    public String secretSealed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Null while enrolment waits for the first code. */
    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "last_used_step", nullable = false)
    public long lastUsedStep;
}
