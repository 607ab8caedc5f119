-- Durable revocations (package token); Redis holds the fast copy and is re-seeded from here.
CREATE TABLE revoked_access_token (
    jti        VARCHAR(64) PRIMARY KEY,
    account_id UUID        NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_revoked_access_token_expires ON revoked_access_token (expires_at);

CREATE TABLE account_token_watermark (
    account_id UUID PRIMARY KEY,
    not_before TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_account_token_watermark_expires ON account_token_watermark (expires_at);
