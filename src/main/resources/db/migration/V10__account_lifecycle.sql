-- Outgoing mail (package mail) and the account lifecycle (package lifecycle: e-mail verification,
-- password reset, e-mail change). Works on PostgreSQL and on H2 in PostgreSQL mode.

-- The language the person reads (BCP 47 tag of a supported bundle), for mails sent later (admin
-- reset mail, the old address's notice); set at registration from Accept-Language.
ALTER TABLE account ADD COLUMN locale VARCHAR(35);

-- Mails waiting to be sent. A row is written in the transaction whose effect the mail tells of, so
-- the mail is never lost when that commits, and never sent when it rolls back. Subject and bodies
-- are sealed with AES-GCM (they can hold a one-time link); a row is deleted once the SMTP server
-- accepted the mail, and its bodies are erased when it gives up.
CREATE TABLE mail_outbox (
    id              UUID PRIMARY KEY,
    recipient       VARCHAR(254)  NOT NULL,
    sealed          VARCHAR(65536) NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A sender that took the row holds it until then (another instance takes it after a crash).
    claimed_until   TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_at       TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(200)
);
CREATE INDEX ix_mail_outbox_due ON mail_outbox (next_attempt_at);

-- One-time links: only the SHA-256 of the 256-bit token is stored. purpose VERIFY_EMAIL (email =
-- the account's address then), CHANGE_EMAIL (email = the new address) or RESET_PASSWORD.
CREATE TABLE lifecycle_token (
    id         UUID PRIMARY KEY,
    token_hash VARCHAR(64)  NOT NULL,
    purpose    VARCHAR(20)  NOT NULL,
    account_id UUID         NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    email      VARCHAR(254) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX ux_lifecycle_token_hash ON lifecycle_token (token_hash);
CREATE INDEX ix_lifecycle_token_account ON lifecycle_token (account_id, purpose);
CREATE INDEX ix_lifecycle_token_expires ON lifecycle_token (expires_at);

-- Requests that name an e-mail address (forgot password, resend verification): every one writes a
-- row, whether or not an account has the address, so the answer is the same in work and time; the
-- job then finds the account (if any) and writes the link and the mail in one transaction.
CREATE TABLE lifecycle_request (
    id         UUID PRIMARY KEY,
    kind       VARCHAR(20)  NOT NULL,
    email      VARCHAR(254) NOT NULL,
    locale     VARCHAR(35),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_lifecycle_request_created ON lifecycle_request (created_at);
