#!/usr/bin/env bash
# Gatehouse benchmark: starts the packaged jar against local PostgreSQL and Redis, drives it with
# wrk on 127.0.0.1 only (bounded: a few 10-second runs), and prints each rate next to its bound.
#   bench/run.sh            (builds the jar first if it is missing; needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18090}
DURATION=${DURATION:-10s}
BASE=http://127.0.0.1:$PORT
OUT=target/bench
mkdir -p "$OUT"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='gatehouse_bench'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE gatehouse_bench"

echo "== micro (single thread)"
CP="target/quarkus-app/lib/main/*"
java -cp "$CP" bench/Micro.java | tee "$OUT/micro.txt"
HASH_MS=$(grep argon2id_hash_ms "$OUT/micro.txt" | cut -d= -f2)
HASH_ALL=$(grep argon2id_hashes_per_s_all_cores "$OUT/micro.txt" | cut -d= -f2)
VERIFY=$(grep rs256_verify_per_s "$OUT/micro.txt" | cut -d= -f2)
SIGN=$(grep rs256_sign_per_s "$OUT/micro.txt" | cut -d= -f2)

echo "== launch"
start=$(date +%s%N)
QUARKUS_HTTP_PORT=$PORT GATEHOUSE_ISSUER=http://127.0.0.1:$PORT \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/gatehouse_bench \
QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/2 \
GATEHOUSE_KEY_ENCRYPTION_SECRET=bench-only-secret-0123456789-0123456789 \
GATEHOUSE_API_KEY_SECRET=bench-only-api-key-secret-0123456789-0123456789 \
GATEHOUSE_TOKEN_SERVICE_CLIENTS=bench-rs:bench-client-secret \
GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_LOGIN_PER_ACCOUNT=100000000 \
GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS=100000000 \
QUARKUS_LOG_LEVEL=${BENCH_LOG_LEVEL:-WARN} \
  java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$BASE/q/health/ready"; do
  kill -0 $PID 2>/dev/null || { echo "server died"; cat "$OUT/server.log"; exit 1; }
  sleep 0.02
done
ready=$(date +%s%N)
echo "launch_to_ready_ms=$(( (ready - start) / 1000000 ))"
sleep 5
echo "idle_rss_mib=$(( $(grep VmRSS /proc/$PID/status | awk '{print $2}') / 1024 ))"

export BENCH_EMAIL="bench-$(date +%s%N)@example.com" BENCH_PASSWORD="Quiet-Harbor-7391"
curl -sf -o /dev/null -X POST "$BASE/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}"
TOKEN=$(curl -sf -X POST "$BASE/auth/login" -d "username=$BENCH_EMAIL&password=$BENCH_PASSWORD" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
# More accounts for the login runs (see bench/login.lua).
BENCH_EMAILS=$BENCH_EMAIL
for i in $(seq 1 15); do
  e="bench-$i-$(date +%s%N)@example.com"
  curl -sf -o /dev/null -X POST "$BASE/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$e\",\"password\":\"$BENCH_PASSWORD\"}"
  BENCH_EMAILS="$BENCH_EMAILS,$e"
done
export BENCH_EMAILS

rate() { grep 'Requests/sec' "$1" | awk '{print $2}'; }
p99() { grep -E '^ +99%' "$1" | awk '{print $2}'; }

echo "== warm-up"
wrk -t2 -c16 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/auth/me" > /dev/null
wrk -t1 -c4 -d5s -s bench/login.lua "$BASE/auth/login" > /dev/null

echo "== login (8 connections)"
wrk -t2 -c8 -d"$DURATION" --latency -s bench/login.lua "$BASE/auth/login" | tee "$OUT/login.txt"
echo "== /auth/me (64 connections)"
wrk -t2 -c64 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/auth/me" | tee "$OUT/me.txt"
echo "== /auth/me with an API key (64 connections; bench/apikey.sh runs this check alone)"
KEY=$(curl -sf -X POST "$BASE/auth/api-keys" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"bench","scopes":["openid"],"expiresIn":3600}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
wrk -t2 -c64 -d"$DURATION" --latency -H "X-API-Key: $KEY" "$BASE/auth/me" | tee "$OUT/me-key.txt"
echo "== JWKS (64 connections)"
wrk -t2 -c64 -d"$DURATION" --latency "$BASE/.well-known/jwks.json" | tee "$OUT/jwks.txt"
echo "== refresh (16 independent chains)"
CHAINS=16
REFRESH_TOKENS=()
for i in $(seq 1 $CHAINS); do
  REFRESH_TOKENS+=("$(curl -sf -X POST "$BASE/auth/login" -d "username=$BENCH_EMAIL&password=$BENCH_PASSWORD" | sed -E 's/.*"refresh_token":"([^"]+)".*/\1/')")
done
wrk -t$CHAINS -c$CHAINS -d"$DURATION" --latency -s bench/refresh.lua "$BASE/auth/refresh" -- "${REFRESH_TOKENS[@]}" | tee "$OUT/refresh.txt"
echo "== introspection (64 connections)"
export BENCH_TOKEN="$TOKEN" BENCH_CLIENT_BASIC=$(printf 'bench-rs:bench-client-secret' | base64)
wrk -t2 -c64 -d"$DURATION" --latency -s bench/introspect.lua "$BASE/oauth2/introspect" | tee "$OUT/introspect.txt"
echo "== /auth/me (64 connections) during a login flood (32 connections)"
wrk -t1 -c32 -d"$DURATION" -s bench/login.lua "$BASE/auth/login" > "$OUT/flood.txt" &
FLOOD=$!
wrk -t1 -c64 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/auth/me" | tee "$OUT/me-flood.txt"
wait $FLOOD

CORES=$(nproc)
echo
echo "== summary (bounds from the single-thread micro figures x $CORES cores)"
awk -v h="$HASH_MS" -v a="$HASH_ALL" -v c="$CORES" -v r="$(rate "$OUT/login.txt")" \
  'BEGIN { b = c * 1000 / h; printf "login            %8.1f req/s   bound %8.1f req/s (%d cores / %.1f ms hash) = %.0f%%; measured %d-thread hash rate %.1f/s = %.0f%%\n", r, b, c, h, 100*r/b, c, a, 100*r/a }'
awk -v v="$VERIFY" -v c="$CORES" -v r="$(rate "$OUT/me.txt")" -v p="$(p99 "$OUT/me.txt")" \
  'BEGIN { b = c * v; printf "/auth/me         %8.0f req/s   bound %8.0f req/s (verify)  p99 %s\n", r, b, p }'
echo "/auth/me API key $(rate "$OUT/me-key.txt") req/s  p99 $(p99 "$OUT/me-key.txt")   (key row + owner row per request)"
echo "/auth/me + flood $(rate "$OUT/me-flood.txt") req/s  p99 $(p99 "$OUT/me-flood.txt")   (login flood: $(rate "$OUT/flood.txt") req/s, non-2xx: $(grep -c Non-2xx "$OUT/flood.txt" || true))"
echo "JWKS             $(rate "$OUT/jwks.txt") req/s  p99 $(p99 "$OUT/jwks.txt")"
awk -v s="$SIGN" -v c="$CORES" -v r="$(rate "$OUT/refresh.txt")" \
  'BEGIN { b = c * s; printf "refresh          %8.0f req/s   bound %8.0f req/s (%d x sign %.0f/s) = %.0f%%\n", r, b, c, s, 100*r/b }'
echo "                 non-2xx: $(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$OUT/refresh.txt" || echo none)"
echo "introspection    $(rate "$OUT/introspect.txt") req/s  p99 $(p99 "$OUT/introspect.txt")  non-2xx: $(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$OUT/introspect.txt" || echo none)"
