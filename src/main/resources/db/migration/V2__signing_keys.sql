-- Signing keys (package keys). Private parts are AES-GCM encrypted by the application.
CREATE TABLE signing_key (
    kid             VARCHAR(64)   PRIMARY KEY,
    algorithm       VARCHAR(16)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    public_key      VARCHAR(4096) NOT NULL,
    private_key_enc VARCHAR(8192) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    activate_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deactivated_at  TIMESTAMP WITH TIME ZONE,
    retire_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_signing_key_status ON signing_key (status);

-- One row that rotation locks (SELECT ... FOR UPDATE) so instances never rotate at once.
CREATE TABLE key_rotation_lock (
    id INT PRIMARY KEY
);
INSERT INTO key_rotation_lock (id) VALUES (1);
