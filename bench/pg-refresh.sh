#!/usr/bin/env bash
# PostgreSQL's own share of a refresh, with no service in front: pgbench replays the transaction
# JdbcRefreshTokenStore sends on PostgreSQL (BEGIN; the one-statement rotation REFRESH_CTE; the
# winner's sealed-pair UPDATE of a ~1.5 KB value; COMMIT), prepared statements, over the service's
# own schema (src/main/resources/db/migration, applied with psql) with 200,000 used tokens of history.
# Each pgbench client is one chain (client c presents sha256('c-g') and writes sha256('c-g+1')).
# Prints the rotations per second PostgreSQL alone reaches on these cores (pgbench on the same cores)
# and the CPU of PostgreSQL's processes per committed rotation, read from /proc over a window in the
# middle of the run. That CPU is a floor under every refresh the service can serve here.
#
#   bench/pg-refresh.sh               16 clients, 20 s per run, 3 runs
#   CLIENTS=64 RUNS=5 bench/pg-refresh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DB=gatehouse_pgrefresh
CLIENTS=${CLIENTS:-16}
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
TCK=$(getconf CLK_TCK)
command -v pgbench >/dev/null || { echo "pgbench is missing (Debian: postgresql-client)"; exit 1; }
psqlq() { psql -X -q -h 127.0.0.1 -U postgres "$@"; }
trap 'psqlq -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
SEALED=$(head -c 1125 /dev/urandom | base64 -w0)   # the size of a sealed pair with an RS256 access token
SCRIPT=$(mktemp)
sed "s|^SEAL$|UPDATE refresh_token SET successor_sealed = '$SEALED' WHERE token_hash = encode(sha256((:c \|\| '-' \|\| :prev)::bytea), 'hex');|" \
  bench/pg-refresh/rotation.sql > "$SCRIPT"
ticks() { local s=0 p; for p in $(pgrep -x postgres); do s=$((s + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
commits() { psql -X -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"; }
echo "# bench/pg-refresh.sh $(date -u +%FT%TZ), $(psql -X -h 127.0.0.1 -U postgres -d postgres -Atc 'SHOW server_version'), $(nproc) cores, $CLIENTS clients, load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  psqlq -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  for f in $(ls src/main/resources/db/migration/V*.sql | sort -t_ -k1.2 -V); do psqlq -d $DB -v ON_ERROR_STOP=1 -f "$f" > /dev/null; done
  psqlq -d $DB -v ON_ERROR_STOP=1 -f bench/pg-refresh/schema.sql > /dev/null
  psqlq -d $DB -c CHECKPOINT
  pgbench -n -M prepared -h 127.0.0.1 -U postgres -c "$CLIENTS" -j 1 -T "$SECONDS_PER_RUN" -D g=0 -f "$SCRIPT" $DB > "$SCRIPT.out" 2>&1 &
  B=$!
  sleep 4; t0=$(ticks); x0=$(commits)
  sleep $((SECONDS_PER_RUN - 6)); t1=$(ticks); x1=$(commits)
  wait $B || { cat "$SCRIPT.out"; exit 1; }
  tps=$(grep -o 'tps = [0-9.]*' "$SCRIPT.out" | head -1 | cut -d' ' -f3)
  failed=$(grep -o 'number of failed transactions: [0-9]*' "$SCRIPT.out" | awk '{print $NF}')
  awk -v r="$run" -v tps="$tps" -v t=$((t1 - t0)) -v x=$((x1 - x0)) -v k="$TCK" -v f="${failed:-0}" 'BEGIN {
    ms = t * 1000 / k / x
    printf "run %d: %6.0f rotations/s (PostgreSQL and pgbench on %d cores), failed %s; PostgreSQL CPU %.3f ms per rotation = %5.0f rotations/s per dedicated vCPU\n", r, tps, '"$(nproc)"', f, ms, 1000 / ms }'
done
rm -f "$SCRIPT" "$SCRIPT.out"
