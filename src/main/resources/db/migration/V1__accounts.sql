-- Accounts (package account). Works on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE account (
    id             UUID PRIMARY KEY,
    email          VARCHAR(254) NOT NULL,
    email_verified BOOLEAN      NOT NULL DEFAULT FALSE,
    display_name   VARCHAR(200),
    password_hash  VARCHAR(512),
    roles          VARCHAR(512) NOT NULL,
    active         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version        BIGINT       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_account_email ON account (email);
