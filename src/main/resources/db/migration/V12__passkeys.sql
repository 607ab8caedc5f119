-- Passkeys (package passkey; issue 16). Works on PostgreSQL and on H2 in PostgreSQL mode.

-- One WebAuthn credential of an account. credential_id is the base64url of the authenticator's
-- credential id, unique across all accounts. attested_data is webauthn4j's encoding (base64url) of
-- the attested credential data: AAGUID, credential id and the COSE public key (nothing secret).
-- sign_count is the last signature counter seen; it only rises (compare and set), a lower one is a
-- clone. backup_eligible: a synced passkey (amr swk) rather than a device-bound one (amr hwk).
CREATE TABLE passkey_credential (
    id              UUID PRIMARY KEY,
    account_id      UUID          NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    credential_id   VARCHAR(1400) NOT NULL,
    attested_data   VARCHAR(4096) NOT NULL,
    attestation_fmt VARCHAR(32)   NOT NULL,
    sign_count      BIGINT        NOT NULL,
    uv_initialized  BOOLEAN       NOT NULL,
    backup_eligible BOOLEAN       NOT NULL,
    transports      VARCHAR(128),
    name            VARCHAR(100)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at    TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX ux_passkey_credential_id ON passkey_credential (credential_id);
CREATE INDEX ix_passkey_account ON passkey_credential (account_id);
