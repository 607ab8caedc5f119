package dev.gatehouse.lifecycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A request naming an e-mail address, waiting for {@link LifecycleRequests} (table {@code lifecycle_request}). */
@Entity
@Table(name = "lifecycle_request")
public class LifecycleRequest extends PanacheEntityBase {

    public enum Kind { RESET_PASSWORD, RESEND_VERIFICATION }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** As {@code EmailAddress.lookupKey} gave it. */
    @Column(nullable = false)
    public String email;

    @Column
    public String locale;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;
}
