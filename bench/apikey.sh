#!/usr/bin/env bash
# API-key check next to the bearer-token check: GET /auth/me at 64 connections with an access
# token, with an API key (X-API-Key: format check, then the key row and the owner's row on a
# worker thread), and with a malformed key (refused on the event loop, no I/O). Starts the packaged
# jar on a database of its own (created and dropped here) and Redis db 3; wrk on 127.0.0.1 only,
# bounded runs. bench/run.sh runs the same key check among its other figures.
#   bench/apikey.sh            (DURATION=15s by default; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18095}
DURATION=${DURATION:-15s}
BASE=http://127.0.0.1:$PORT
OUT=target/bench
DB=gatehouse_bench_apikey
mkdir -p "$OUT"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
redis-cli -h 127.0.0.1 -n 3 flushdb > /dev/null

QUARKUS_HTTP_PORT=$PORT GATEHOUSE_ISSUER=http://127.0.0.1:$PORT \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB \
QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/3 \
GATEHOUSE_KEY_ENCRYPTION_SECRET=bench-only-secret-0123456789-0123456789 \
GATEHOUSE_API_KEY_SECRET=bench-only-api-key-secret-0123456789-0123456789 \
GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS=100000000 \
QUARKUS_LOG_LEVEL=${BENCH_LOG_LEVEL:-WARN} \
  java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$OUT/apikey-server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
until curl -sf -o /dev/null "$BASE/q/health/ready"; do
  kill -0 $PID 2>/dev/null || { echo "server died"; cat "$OUT/apikey-server.log"; exit 1; }
  sleep 0.05
done

EMAIL="bench-key-$(date +%s%N)@example.com" PASSWORD="Quiet-Harbor-7391"
curl -sf -o /dev/null -X POST "$BASE/auth/register" -H 'content-type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"
TOKEN=$(curl -sf -X POST "$BASE/auth/login" -d "username=$EMAIL&password=$PASSWORD" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
KEY=$(curl -sf -X POST "$BASE/auth/api-keys" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"bench","scopes":["openid"],"expiresIn":3600}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
BROKEN="${KEY%?}x"

rate() { grep 'Requests/sec' "$1" | awk '{print $2}'; }
p99() { grep -E '^ +99%' "$1" | awk '{print $2}'; }
non2xx() { grep -o 'Non-2xx or 3xx responses: [0-9]*' "$1" | awk '{print $NF}' || true; }

echo "== warm-up"
wrk -t2 -c16 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/auth/me" > /dev/null
wrk -t2 -c16 -d5s -H "X-API-Key: $KEY" "$BASE/auth/me" > /dev/null
echo "== /auth/me, bearer token (64 connections)"
wrk -t2 -c64 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/auth/me" | tee "$OUT/apikey-bearer.txt"
echo "== /auth/me, API key (64 connections)"
wrk -t2 -c64 -d"$DURATION" --latency -H "X-API-Key: $KEY" "$BASE/auth/me" | tee "$OUT/apikey-key.txt"
echo "== /auth/me, malformed API key (64 connections, all 401)"
wrk -t2 -c64 -d"$DURATION" --latency -H "X-API-Key: $BROKEN" "$BASE/auth/me" | tee "$OUT/apikey-broken.txt"

echo
echo "== summary ($(nproc) cores, wrk on the same machine)"
echo "/auth/me bearer token   $(rate "$OUT/apikey-bearer.txt") req/s  p99 $(p99 "$OUT/apikey-bearer.txt")  non-2xx: $(non2xx "$OUT/apikey-bearer.txt")"
echo "/auth/me API key        $(rate "$OUT/apikey-key.txt") req/s  p99 $(p99 "$OUT/apikey-key.txt")  non-2xx: $(non2xx "$OUT/apikey-key.txt")"
echo "malformed key (401)     $(rate "$OUT/apikey-broken.txt") req/s  p99 $(p99 "$OUT/apikey-broken.txt")"
