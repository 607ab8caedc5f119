-- Identities at Google and GitHub (package social), keyed on (provider, provider's subject id).
CREATE TABLE federated_identity (
    id             UUID PRIMARY KEY,
    account_id     UUID         NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    provider       VARCHAR(32)  NOT NULL,
    subject        VARCHAR(255) NOT NULL,
    email          VARCHAR(254),
    email_verified BOOLEAN      NOT NULL DEFAULT FALSE,
    login          VARCHAR(255),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
-- One account per provider identity (parallel first logins race on this key), and one identity
-- of each provider per account.
CREATE UNIQUE INDEX ux_federated_identity_subject ON federated_identity (provider, subject);
CREATE UNIQUE INDEX ux_federated_identity_account ON federated_identity (account_id, provider);
