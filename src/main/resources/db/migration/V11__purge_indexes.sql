-- Issue 14: the background purges read by index, never by a scan of the whole table.
-- RefreshTokenService.purge: sealed successors past their grace window (a bounded used_at range),
-- and families past their absolute lifetime (then their tokens by ix_refresh_token_family).
CREATE INDEX ix_refresh_token_used ON refresh_token (used_at);
CREATE INDEX ix_refresh_family_expires ON refresh_family (absolute_expires_at);
