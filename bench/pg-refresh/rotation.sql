\set c :client_id + 1
\set g :g + 1
\set prev :g - 1
BEGIN;
WITH tok AS (SELECT token_hash, family_id, generation, used_at FROM refresh_token WHERE token_hash = encode(sha256((:c || '-' || :prev)::bytea), 'hex')),
 fam AS (UPDATE refresh_family SET last_used_at = now() WHERE id = (SELECT family_id FROM tok) AND revoked_at IS NULL AND absolute_expires_at > now() AND last_used_at > now() - interval '1 day' RETURNING id),
 claimed AS (UPDATE refresh_token SET used_at = now() WHERE token_hash = encode(sha256((:c || '-' || :prev)::bytea), 'hex') AND used_at IS NULL AND EXISTS (SELECT 1 FROM fam) RETURNING family_id, generation),
 ins AS (INSERT INTO refresh_token (token_hash, family_id, generation, created_at, access_jti, access_expires_at)
   SELECT encode(sha256((:c || '-' || :g)::bytea), 'hex'), family_id, generation + 1, now(), md5(:g::text), now() + interval '15 minutes' FROM claimed RETURNING 1)
SELECT tok.token_hash, tok.family_id, tok.generation, tok.used_at, f.account_id, f.kind, f.scope, f.amr, f.created_at, f.last_used_at,
  f.absolute_expires_at, f.revoked_at, f.client_id, a.active, a.roles, (SELECT count(*) FROM fam), (SELECT count(*) FROM ins)
FROM tok JOIN refresh_family f ON f.id = tok.family_id LEFT JOIN account a ON a.id = f.account_id;
SEAL
COMMIT;
