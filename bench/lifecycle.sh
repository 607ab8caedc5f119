#!/usr/bin/env bash
# Forgot-password for a known and an unknown address, side by side (SECURITY-CASES 63): starts the
# packaged jar against local PostgreSQL and Redis (like bench/run.sh; mails go to the log), then
# bench/lifecycle.py sends the two kinds interleaved, one at a time on 127.0.0.1 (bounded: 400 of
# each after a warm-up) and prints median, p95 and the difference of the medians next to the spread.
#   bench/lifecycle.sh      (builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18091}
BASE=http://127.0.0.1:$PORT
OUT=target/bench
mkdir -p "$OUT"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='gatehouse_bench'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE gatehouse_bench"
QUARKUS_HTTP_PORT=$PORT GATEHOUSE_ISSUER=http://127.0.0.1:$PORT \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/gatehouse_bench QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/2 \
GATEHOUSE_KEY_ENCRYPTION_SECRET=bench-only-secret-0123456789-0123456789 \
GATEHOUSE_API_KEY_SECRET=bench-only-api-key-secret-0123456789-0123 \
GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_LOGIN_PER_ACCOUNT=100000000 \
GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS=100000000 \
GATEHOUSE_LIFECYCLE_MAIL_REQUESTS_PER_ADDRESS=100000000 GATEHOUSE_LIFECYCLE_MAIL_REQUESTS_PER_EMAIL=100000000 \
QUARKUS_MAILER_MOCK=true \
QUARKUS_LOG_LEVEL=WARN \
  java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$OUT/lifecycle-server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$BASE/q/health/ready"; do
  kill -0 $PID 2>/dev/null || { echo "server died"; cat "$OUT/lifecycle-server.log"; exit 1; }
  sleep 0.05
done
python3 bench/lifecycle.py "$BASE" | tee "$OUT/lifecycle.txt"
