#!/usr/bin/env bash
# PostgreSQL's own share of a refresh, with no service in front: pgbench replays the transaction
# JdbcRefreshTokenStore sends on PostgreSQL (BEGIN; the one-statement rotation of REFRESH_CTE, with
# now() and sha256() expressions where the service binds parameters; the winner's sealed-pair UPDATE
# of a 1,500-character value, the service's being ~1,324; COMMIT), prepared statements, over the
# service's own schema (src/main/resources/db/migration, applied with psql) with 200,000 used tokens
# of history. The expressions and the separate BEGIN make it a little dearer than the service's.
# Each pgbench client is one chain (client c presents sha256('c-g') and writes sha256('c-g+1')).
# Prints the rotations per second PostgreSQL alone reaches on these cores (pgbench on the same cores)
# and the CPU of PostgreSQL's processes per committed rotation, read from /proc over a window in the
# middle of the run (every postgres process on the host: run it on a quiet server). That CPU is a
# floor under every refresh the service can serve here. After each run the chains are checked:
# every committed transaction must have advanced one (a transaction that rotated nothing would
# count as a rotation otherwise).
#
#   bench/pg-refresh.sh               16 clients, 20 s per run, 3 runs
#   CLIENTS=64 RUNS=5 bench/pg-refresh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DB=gatehouse_pgrefresh
CLIENTS=${CLIENTS:-16}
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
TCK=$(getconf CLK_TCK)
command -v pgbench >/dev/null || { echo "pgbench is missing (Debian: postgresql-client)"; exit 1; }
[ "$CLIENTS" -ge 1 ] && [ "$CLIENTS" -le 64 ] || { echo "CLIENTS: 1 to 64 (the seeded chains)"; exit 1; }
[ "$SECONDS_PER_RUN" -ge 10 ] || { echo "SECONDS_PER_RUN: at least 10"; exit 1; }
psqlq() { psql -X -q -h 127.0.0.1 -U postgres "$@"; }
SCRIPT=$(mktemp)
trap 'rm -f "$SCRIPT" "$SCRIPT.out"; psqlq -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
SEALED=$(head -c 1125 /dev/urandom | base64 -w0)   # 1,500 characters: a sealed pair with an RS256 access token is ~1,324
sed "s|^SEAL$|UPDATE refresh_token SET successor_sealed = '$SEALED' WHERE token_hash = encode(sha256((:c \|\| '-' \|\| :prev)::bytea), 'hex');|" \
  bench/pg-refresh/rotation.sql > "$SCRIPT"
ticks() { local s=0 p; for p in $(pgrep -x postgres); do s=$((s + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
commits() { psql -X -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"; }
echo "# bench/pg-refresh.sh $(date -u +%FT%TZ), $(psql -X -h 127.0.0.1 -U postgres -d postgres -Atc 'SHOW server_version'), $(nproc) cores, $CLIENTS clients, load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  psqlq -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  for f in $(ls -v src/main/resources/db/migration/V*.sql); do psqlq -d $DB -v ON_ERROR_STOP=1 -f "$f" > /dev/null; done
  psqlq -d $DB -v ON_ERROR_STOP=1 -f bench/pg-refresh/schema.sql > /dev/null
  psqlq -d $DB -c CHECKPOINT
  pgbench -n -M prepared -h 127.0.0.1 -U postgres -c "$CLIENTS" -j 1 -T "$SECONDS_PER_RUN" -D g=0 -f "$SCRIPT" $DB > "$SCRIPT.out" 2>&1 &
  B=$!
  sleep 4; t0=$(ticks); x0=$(commits)
  sleep $((SECONDS_PER_RUN - 6)); t1=$(ticks); x1=$(commits)
  wait $B || { cat "$SCRIPT.out"; exit 1; }
  tps=$(grep -o 'tps = [0-9.]*' "$SCRIPT.out" | head -1 | cut -d' ' -f3)
  failed=$(grep -o 'number of failed transactions: [0-9]*' "$SCRIPT.out" | awk '{print $NF}')
  done_tx=$(grep -o 'number of transactions actually processed: [0-9]*' "$SCRIPT.out" | awk '{print $NF}')
  advanced=$(psql -X -h 127.0.0.1 -U postgres -d $DB -Atc "SELECT coalesce(max(generation), 0) FROM refresh_token t
      JOIN refresh_family f ON f.id = t.family_id WHERE f.user_agent = 'pgbench' GROUP BY f.id" | awk '{s += $1} END {print s + 0}')
  [ "$advanced" = "$done_tx" ] || { echo "run $run: $done_tx transactions but the chains advanced $advanced: not every one rotated"; exit 1; }
  [ $((x1 - x0)) -gt 0 ] || { echo "run $run: no commit in the window"; exit 1; }
  awk -v r="$run" -v tps="$tps" -v t=$((t1 - t0)) -v x=$((x1 - x0)) -v k="$TCK" -v f="${failed:-0}" 'BEGIN {
    ms = t * 1000 / k / x
    printf "run %d: %6.0f rotations/s (PostgreSQL and pgbench on %d cores), failed %s; PostgreSQL CPU %.3f ms per rotation = %5.0f rotations/s per dedicated vCPU\n", r, tps, '"$(nproc)"', f, ms, 1000 / ms }'
done
