package dev.gatehouse.mail;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One mail waiting to be sent (table {@code mail_outbox}); subject and bodies sealed. */
@Entity
@Table(name = "mail_outbox")
public class OutboxMail extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String recipient;

    @Column(nullable = false)
    public String sealed;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "failed_at")
    public Instant failedAt;

    @Column(name = "last_error")
    public String lastError;
}
