package dev.gatehouse.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Append-only: one row per revocation, read by offline verifiers through the feed. */
@Entity
@Table(name = "revocation_feed")
public class RevocationFeedEntry extends PanacheEntityBase {

    public static final String KIND_TOKEN = "token";
    public static final String KIND_ACCOUNT = "account";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false)
    public String kind;

    /** The jti, or the account id for a watermark. */
    @Column(nullable = false)
    public String subject;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** The account the revoked token or the watermark belongs to. */
    @Column(name = "account_id")
    public java.util.UUID accountId;

    @Column(name = "created_at")
    public Instant createdAt;
}
