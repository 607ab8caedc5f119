package dev.gatehouse.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A signing key of one {@link SigningAlgorithm} ({@code algorithm}); the private part is stored encrypted ({@link KeyEncryption}). */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String kid;

    @Column(nullable = false)
    public String algorithm;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public KeyStatus status;

    /** Base64 of the X.509 SubjectPublicKeyInfo. */
    @Column(name = "public_key", nullable = false)
    public String publicKey;

    /** {@code v1:} + Base64(IV || AES-256-GCM(PKCS#8)). */
    @Column(name = "private_key_enc", nullable = false)
    public String privateKeyEncrypted;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** From this instant on the key signs (until a later key's activation). */
    @Column(name = "activate_at", nullable = false)
    public Instant activateAt;

    /** When a successor took over, if one did. */
    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    /** When the last token this key may have signed expires; after it the key is retired. */
    @Column(name = "retire_at")
    public Instant retireAt;
}
