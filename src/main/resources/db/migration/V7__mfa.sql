-- Second factors (package mfa). Works on PostgreSQL and on H2 in PostgreSQL mode.

-- One TOTP authenticator per account. The secret is sealed with AES-256-GCM under a key derived
-- from GATEHOUSE_KEY_ENCRYPTION_SECRET (associated data: the account id). confirmed_at is null
-- while enrolment waits for the first code. last_used_step is the time step of the last accepted
-- code: a code is accepted only by raising it (compare and set), so a step works once, also
-- under parallel requests and across instances.
CREATE TABLE mfa_totp (
    account_id     UUID PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    secret_sealed  VARCHAR(255) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at   TIMESTAMP WITH TIME ZONE,
    last_used_step BIGINT NOT NULL DEFAULT 0
);

-- Backup codes, stored as HMAC-SHA-256 under a key derived from the same secret; used_at set once
-- by a conditional update (single use).
CREATE TABLE mfa_backup_code (
    account_id UUID        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash  VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (account_id, code_hash)
);

-- A sign-in waiting for its second factor: the mfa_token (stored as its SHA-256), bound to the
-- account and the first factor, short-lived, consumed by the one verification that succeeds.
-- purpose: 'verify' (the account has TOTP) or 'enroll' (its role requires MFA and it has none yet).
CREATE TABLE mfa_challenge (
    token_hash             VARCHAR(64)  PRIMARY KEY,
    account_id             UUID         NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    purpose                VARCHAR(16)  NOT NULL,
    first_factor           VARCHAR(64)  NOT NULL,
    credential_fingerprint VARCHAR(64),
    session_kind           VARCHAR(16)  NOT NULL,
    scope                  VARCHAR(512) NOT NULL,
    attempts               INT          NOT NULL DEFAULT 0,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_mfa_challenge_expires ON mfa_challenge (expires_at);
