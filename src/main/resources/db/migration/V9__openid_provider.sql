-- The OpenID Provider (package oidc) and what it adds to registered clients (package client) and
-- refresh-token families (package token). Works on PostgreSQL and on H2 in PostgreSQL mode.

-- Clients of type PUBLIC (auth_method none, PKCE) and CONFIDENTIAL (client_secret or private_key_jwt).
-- redirect_uris (existing column) and post_logout_redirect_uris: space-separated, compared exactly.
ALTER TABLE clients ADD COLUMN post_logout_redirect_uris VARCHAR(8192);
-- First-party clients skip the consent screen; every other client asks once per account and scope set.
ALTER TABLE clients ADD COLUMN first_party BOOLEAN DEFAULT FALSE NOT NULL;
-- OpenID Connect Back-Channel Logout 1.0: where logout tokens are POSTed.
ALTER TABLE clients ADD COLUMN backchannel_logout_uri VARCHAR(2048);

-- A family issued to a registered client (authorization code flow): its refresh tokens are bound
-- to that client; null for Gatehouse's own sessions (/auth/login, the hosted page's cookie).
ALTER TABLE refresh_family ADD COLUMN client_id VARCHAR(64);
-- The SSO browser session (a COOKIE family) a client's family was issued from: ending the SSO
-- session ends the client's families, and back-channel logout tells the client.
ALTER TABLE refresh_family ADD COLUMN sso_family_id UUID;
CREATE INDEX ix_refresh_family_sso ON refresh_family (sso_family_id);

-- Authorization codes: only SHA-256 of the code is stored; single use (conditional UPDATE of used_at),
-- 60 s, bound to client, redirect URI and PKCE challenge. family_id: what its first redemption issued,
-- revoked when the code is presented again.
CREATE TABLE oidc_code (
    code_hash       VARCHAR(64)  PRIMARY KEY,
    client_id       VARCHAR(64)  NOT NULL,
    account_id      UUID         NOT NULL,
    redirect_uri    VARCHAR(2048) NOT NULL,
    code_challenge  VARCHAR(128) NOT NULL,
    scope           VARCHAR(2048) NOT NULL,
    nonce           VARCHAR(512),
    amr             VARCHAR(256) NOT NULL,
    auth_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    sso_family_id   UUID         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at         TIMESTAMP WITH TIME ZONE,
    family_id       UUID
);
CREATE INDEX ix_oidc_code_expires ON oidc_code (expires_at);

-- An authorization request waiting for the person to sign in (or consent): the hosted page
-- returns to /oauth2/authorize?resume=<id>. Stored hashed; 10 minutes.
CREATE TABLE oidc_pending_request (
    id_hash      VARCHAR(64)   PRIMARY KEY,
    params       VARCHAR(16384) NOT NULL,
    -- prompt=login / max_age: the sign-in must be at or after this instant.
    login_after  TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_oidc_pending_expires ON oidc_pending_request (expires_at);

-- Consent given by an account to a (not first-party) client, for a set of scopes.
CREATE TABLE oidc_consent (
    account_id UUID         NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    client_id  VARCHAR(64)  NOT NULL,
    scopes     VARCHAR(2048) NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, client_id)
);

-- Back-channel logout tokens waiting to be delivered (outbox): retried with back-off, dropped
-- after the configured number of attempts. The token is signed and short-lived; no secret here.
CREATE TABLE oidc_logout_outbox (
    id            UUID          PRIMARY KEY,
    client_id     VARCHAR(64)   NOT NULL,
    uri           VARCHAR(2048) NOT NULL,
    account_id    UUID          NOT NULL,
    sid           UUID          NOT NULL,
    attempts      INT           NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_oidc_logout_outbox_next ON oidc_logout_outbox (delivered_at, next_attempt_at);
