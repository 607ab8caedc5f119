-- Seed for bench/pg-refresh.sh, on top of the service's own migrations (applied by the script):
-- 64 accounts, 64 live families, each with its generation-0 token (hash = sha256('<client>-0')),
-- and 200,000 used tokens as history, so the indexes are not tiny.
INSERT INTO account (id, email, roles, created_at, updated_at)
  SELECT ('00000000-0000-0000-0000-' || lpad(c::text, 12, '0'))::uuid, 'pg-' || c || '@example.com', 'user', now(), now()
  FROM generate_series(1, 64) c;
INSERT INTO refresh_family (id, account_id, kind, scope, amr, client_address, user_agent, created_at, last_used_at, absolute_expires_at)
  SELECT ('00000000-0000-0000-0000-' || lpad(c::text, 12, '0'))::uuid, ('00000000-0000-0000-0000-' || lpad(c::text, 12, '0'))::uuid,
         'session', 'openid', 'pwd', '127.0.0.1', 'pgbench', now(), now(), now() + interval '30 days'
  FROM generate_series(1, 64) c;
INSERT INTO refresh_token (token_hash, family_id, generation, created_at, access_jti, access_expires_at)
  SELECT encode(sha256((c || '-0')::bytea), 'hex'), ('00000000-0000-0000-0000-' || lpad(c::text, 12, '0'))::uuid,
         0, now(), md5(c::text), now() + interval '15 minutes'
  FROM generate_series(1, 64) c;
INSERT INTO refresh_family (id, account_id, kind, scope, amr, created_at, last_used_at, absolute_expires_at)
  SELECT ('00000000-0000-0000-0001-' || lpad(g::text, 12, '0'))::uuid, '00000000-0000-0000-0000-000000000001', 'session', 'openid', 'pwd',
         now() - interval '2 hours', now() - interval '1 hour', now() + interval '29 days'
  FROM generate_series(1, 20000) g;
INSERT INTO refresh_token (token_hash, family_id, generation, created_at, access_jti, access_expires_at, used_at)
  SELECT encode(sha256(('h' || g)::bytea), 'hex'), ('00000000-0000-0000-0001-' || lpad((1 + g % 20000)::text, 12, '0'))::uuid,
         g / 20000, now() - interval '1 hour', md5(g::text), now(), now() - interval '1 hour'
  FROM generate_series(1, 200000) g;
VACUUM ANALYZE;
