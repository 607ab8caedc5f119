-- API keys (package apikey) and registered OAuth clients (package client).
-- Works on PostgreSQL and on H2 in PostgreSQL mode.

-- A personal API key: only its HMAC-SHA-256 under the server secret is stored, never the key.
CREATE TABLE api_key (
    id           UUID PRIMARY KEY,
    account_id   UUID         NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    -- The first characters of the key ("gk_" + 6), shown in lists so the owner can tell keys apart.
    prefix       VARCHAR(16)  NOT NULL,
    key_hash     VARCHAR(64)  NOT NULL,
    scopes       VARCHAR(1024) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX ux_api_key_hash ON api_key (key_hash);
CREATE INDEX ix_api_key_account ON api_key (account_id);

-- Access tokens issued by exchanging a key (RFC 8693): revoked one by one when the key is revoked.
-- No foreign keys: a row must outlive its key and its account (a delete cascades to api_key) until
-- the account's ending has revoked its token by jti (ApiKeyService.onAccountEnding); rows are
-- dropped then, with their key's revocation, or at expiry.
CREATE TABLE api_key_token (
    jti        VARCHAR(64) PRIMARY KEY,
    key_id     UUID        NOT NULL,
    account_id UUID        NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_api_key_token_key ON api_key_token (key_id);
CREATE INDEX ix_api_key_token_account ON api_key_token (account_id);

-- Registered OAuth clients. type: MACHINE (client credentials) today; PUBLIC and CONFIDENTIAL
-- (authorization code, redirect URIs) come with the OpenID Provider.
CREATE TABLE clients (
    id                         VARCHAR(64)   PRIMARY KEY,
    type                       VARCHAR(16)   NOT NULL,
    name                       VARCHAR(200)  NOT NULL,
    -- client_secret (HTTP Basic or client_secret_post) or private_key_jwt (RFC 7523); none for public clients later.
    auth_method                VARCHAR(32)   NOT NULL,
    -- SHA-256 (hex) of a 256-bit random secret; the previous one stays valid until previous_secret_expires_at.
    secret_hash                VARCHAR(64),
    previous_secret_hash       VARCHAR(64),
    previous_secret_expires_at TIMESTAMP WITH TIME ZONE,
    -- Public keys for private_key_jwt, as a JWK Set (JSON).
    jwks                       VARCHAR(16384),
    scopes                     VARCHAR(2048) NOT NULL,
    audiences                  VARCHAR(2048) NOT NULL,
    redirect_uris              VARCHAR(8192),
    enabled                    BOOLEAN       NOT NULL,
    created_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                 TIMESTAMP WITH TIME ZONE NOT NULL
);
