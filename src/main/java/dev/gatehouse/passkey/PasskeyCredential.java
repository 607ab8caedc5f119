package dev.gatehouse.passkey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A registered passkey (see V12__passkeys.sql). Read and written by {@link PasskeyService} only. */
@Entity
@Table(name = "passkey_credential")
public class PasskeyCredential extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** base64url of the credential id. */
    @Column(name = "credential_id", nullable = false)
    public String credentialId;

    /** base64url of webauthn4j's attested credential data (AAGUID, id, COSE public key). */
    @Column(name = "attested_data", nullable = false)
    public String attestedData;

    @Column(name = "attestation_fmt", nullable = false)
    public String attestationFormat;

    @Column(name = "sign_count", nullable = false)
    public long signCount;

    @Column(name = "uv_initialized", nullable = false)
    public boolean uvInitialized;

    @Column(name = "backup_eligible", nullable = false)
    public boolean backupEligible;

    @Column(name = "transports")
    public String transports;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
