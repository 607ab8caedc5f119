-- Issue 14, item 4: the JWS algorithm a registered OpenID client wants its ID tokens (and back-channel
-- logout tokens) signed with (OpenID Connect Dynamic Client Registration 1.0: id_token_signed_response_alg).
-- NULL means RS256, the default of that specification. Works on PostgreSQL and on H2.
ALTER TABLE clients ADD COLUMN id_token_signed_response_alg VARCHAR(16);
