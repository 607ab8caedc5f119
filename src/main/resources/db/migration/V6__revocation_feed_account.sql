-- The feed names the account of each revoked token (Redis keys of one account share a hash slot,
-- so catching a missed write up needs it) and when the entry was written (catch-up looks back a
-- little past the last applied sequence, for entries committed out of sequence order).
ALTER TABLE revocation_feed ADD COLUMN account_id UUID;
ALTER TABLE revocation_feed ADD COLUMN created_at TIMESTAMP WITH TIME ZONE;
UPDATE revocation_feed SET account_id = (SELECT r.account_id FROM revoked_access_token r WHERE r.jti = revocation_feed.subject)
    WHERE kind = 'token';
UPDATE revocation_feed SET account_id = CAST(subject AS UUID) WHERE kind = 'account';
UPDATE revocation_feed SET created_at = CURRENT_TIMESTAMP WHERE created_at IS NULL;
CREATE INDEX ix_revocation_feed_created ON revocation_feed (created_at);
