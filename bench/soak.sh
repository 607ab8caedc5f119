#!/usr/bin/env bash
# Gatehouse soak: three instances of the packaged jar on loopback (ports SOAK_PORT..+2) sharing one
# PostgreSQL database (gatehouse_soak, dropped and created afresh) and one Redis (db 3, flushed),
# driven for SOAK_DURATION by wrk with 64 connections of mixed traffic (bench/soak.lua: logins,
# refreshes, bearer checks on /auth/me, introspection by a service client, logouts each followed
# by a check that the old token is refused and a fresh login), threads spread over the three.
# Reports per interval (a minute; a third of the run when it is shorter than 3 minutes): requests
# per second, unexpected answers (must be 0) and each instance's RSS (VmRSS from /proc/PID/status
# at the end of the interval). Ends with a verdict line: PASS when there was no unexpected answer,
# no socket error, and each instance's RSS in the last interval is within SOAK_RSS_TOLERANCE % of
# the second (the first is the warm-up) and below SOAK_RSS_LIMIT_MIB (768: the memory request of
# deploy/kubernetes/gatehouse.yaml, whose limit is 1 GiB), and no ERROR line in the server logs
# during the soak. Each JVM gets about the heap those files give it (JAVA_OPTS, default -Xmx384m;
# the files: 37 % of 1 GiB): without a bound the JVM grows its heap towards a quarter of the
# machine's memory (1.4-2.2 GiB RSS within 90 s here), which says nothing about leaks.
#   SOAK_DURATION=10m bench/soak.sh      (default 10m; s/m suffixes; needs wrk: apt-get install wrk)
# It takes the whole machine: on a shared one run it under the test lock,
#   flock /tmp/gatehouse-test.lock bench/soak.sh
# Traffic goes to 127.0.0.1 only, and every loop is bounded by SOAK_DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK_DURATION=${SOAK_DURATION:-10m}
SOAK_PORT=${SOAK_PORT:-18101}
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-64}
SOAK_DB=${SOAK_DB:-gatehouse_soak}
SOAK_REDIS_DB=${SOAK_REDIS_DB:-3}
SOAK_RSS_TOLERANCE=${SOAK_RSS_TOLERANCE:-10}
SOAK_RSS_LIMIT_MIB=${SOAK_RSS_LIMIT_MIB:-768}
JAVA_OPTS=${JAVA_OPTS:--Xmx384m}
INSTANCES=3
OUT=target/soak
rm -rf "$OUT"
mkdir -p "$OUT"

seconds() {
  case "$1" in
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
TOTAL=$(seconds "$SOAK_DURATION")
if [ "$TOTAL" -ge 180 ]; then INTERVAL=60; else INTERVAL=$(( TOTAL / 3 )); fi
[ "$INTERVAL" -ge 5 ] || { echo "SOAK_DURATION too short: at least 15s"; exit 2; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $SOAK_DB WITH (FORCE)" -c "CREATE DATABASE $SOAK_DB"
redis-cli -h 127.0.0.1 -n "$SOAK_REDIS_DB" flushdb >/dev/null

CLIENT_ID=soak-rs
CLIENT_SECRET=soak-client-secret-0123456789
ISSUER=http://127.0.0.1:$SOAK_PORT
PIDS=()
PORTS=()
stop_instances() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
cleanup() { stop_instances; }
trap cleanup EXIT

start_instance() { # $1 = index (0-based)
  local port=$(( SOAK_PORT + $1 ))
  # One issuer for all (they stand behind one load balancer); each its own working directory.
  mkdir -p "$OUT/i$1"
  (cd "$OUT/i$1" && \
  QUARKUS_HTTP_PORT=$port GATEHOUSE_ISSUER=$ISSUER \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$SOAK_DB \
  QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/$SOAK_REDIS_DB \
  GATEHOUSE_KEY_ENCRYPTION_SECRET=soak-only-secret-0123456789-0123456789 \
  GATEHOUSE_TOKEN_SERVICE_CLIENTS=$CLIENT_ID:$CLIENT_SECRET \
  GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_LOGIN_PER_ACCOUNT=100000000 \
  GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS=100000000 \
  QUARKUS_LOG_LEVEL=${SOAK_LOG_LEVEL:-WARN} \
    exec java $JAVA_OPTS -jar ../../quarkus-app/quarkus-run.jar > ../server-$1.log 2>&1) &
  PIDS+=($!)
  PORTS+=("$port")
  local deadline=$(( $(date +%s) + 120 ))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 "${PIDS[$1]}" 2>/dev/null || { echo "instance $1 died"; tail -50 "$OUT/server-$1.log"; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "instance $1 not ready in 120 s"; exit 1; }
    sleep 0.2
  done
}

rss_mib() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

echo "== start $INSTANCES instances (JAVA_OPTS $JAVA_OPTS, ports $SOAK_PORT-$(( SOAK_PORT + INSTANCES - 1 )), database $SOAK_DB, Redis db $SOAK_REDIS_DB)"
# The first alone (migrations and the first signing key), then the others.
for i in $(seq 0 $(( INSTANCES - 1 ))); do start_instance "$i"; done
echo "ready; idle RSS MiB: $(for p in "${PIDS[@]}"; do printf '%s ' "$(rss_mib "$p")"; done)"

echo "== $SOAK_CONNECTIONS accounts"
PASSWORD="Quiet-Harbor-7391"
EMAILS=""
for i in $(seq 1 "$SOAK_CONNECTIONS"); do
  e="soak-$i-$(date +%s%N)@example.com"
  port=${PORTS[$(( i % INSTANCES ))]}
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$e\",\"password\":\"$PASSWORD\"}" || { echo "registration failed on port $port"; exit 1; }
  EMAILS="$EMAILS${EMAILS:+,}$e"
done
export SOAK_EMAILS=$EMAILS SOAK_PASSWORD=$PASSWORD SOAK_PORTS=$(IFS=,; echo "${PORTS[*]}")
export SOAK_CLIENT_BASIC=$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)

echo "== soak: $TOTAL s in intervals of $INTERVAL s, $SOAK_CONNECTIONS connections"
printf '%-9s %9s %8s %7s %10s %s\n' interval "req/s" p99_ms errors "" "RSS MiB per instance / per-kind requests/unexpected"
ERRORS=0
n=0
declare -A RSS
remaining=$TOTAL
while [ "$remaining" -gt 0 ]; do
  n=$(( n + 1 ))
  d=$INTERVAL
  # The last interval takes what is left when less than a whole one would remain after it.
  if [ $(( remaining - d )) -lt "$INTERVAL" ]; then d=$remaining; fi
  wrk -t"$SOAK_CONNECTIONS" -c"$SOAK_CONNECTIONS" -d"${d}s" --timeout 10s -s bench/soak.lua \
    "http://127.0.0.1:${PORTS[0]}" > "$OUT/interval-$n.txt" 2>&1 || true
  remaining=$(( remaining - d ))
  line=$(grep '^SOAK ' "$OUT/interval-$n.txt" || true)
  [ -n "$line" ] || { echo "wrk gave no result:"; cat "$OUT/interval-$n.txt"; exit 1; }
  get() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$line"; }
  reqs=$(get requests); dur=$(get duration_us); unexp=$(get unexpected); sock=$(get socket_errors)
  ERRORS=$(( ERRORS + unexp + sock ))
  rss=""
  for i in $(seq 0 $(( INSTANCES - 1 ))); do
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "instance $i died"; tail -50 "$OUT/server-$i.log"; exit 1; }
    RSS[$n,$i]=$(rss_mib "${PIDS[$i]}")
    rss="$rss${rss:+ }${RSS[$n,$i]}"
  done
  kinds=$(grep -oE '(login|me|introspect|refresh|logout|revoked)=[0-9]+/[0-9]+' <<< "$line" | tr '\n' ' ')
  printf '%-9s %9.0f %8s %7s %10s %s\n' "$n (${d}s)" "$(awk -v r="$reqs" -v d="$dur" 'BEGIN { print r * 1e6 / d }')" \
    "$(get p99_ms)" "$(( unexp + sock ))" "$rss" "$kinds"
  grep '^SOAK_SAMPLES' "$OUT/interval-$n.txt" || true
done

log_errors() { cat "$OUT"/server-*.log | grep -cE '^[0-9:.]+ ERROR ' || true; }
LOG_ERRORS=$(log_errors)
stop_instances
SHUTDOWN_ERRORS=$(( $(log_errors) - LOG_ERRORS ))
echo "server logs ($OUT/server-*.log): $LOG_ERRORS ERROR line(s) during the soak, $SHUTDOWN_ERRORS while stopping"

VERDICT=PASS
REASONS=""
[ "$ERRORS" -eq 0 ] || { VERDICT=FAIL; REASONS="$REASONS $ERRORS unexpected answers or socket errors;"; }
[ "$LOG_ERRORS" -eq 0 ] || { VERDICT=FAIL; REASONS="$REASONS $LOG_ERRORS ERROR log line(s) during the soak;"; }
MAX_RSS=0
for k in "${!RSS[@]}"; do [ "${RSS[$k]}" -le "$MAX_RSS" ] || MAX_RSS=${RSS[$k]}; done
[ "$MAX_RSS" -lt "$SOAK_RSS_LIMIT_MIB" ] || { VERDICT=FAIL; REASONS="$REASONS RSS reached $MAX_RSS MiB (limit $SOAK_RSS_LIMIT_MIB);"; }
REASONS="$REASONS max RSS $MAX_RSS MiB (limit $SOAK_RSS_LIMIT_MIB);"
if [ "$n" -ge 3 ]; then
  for i in $(seq 0 $(( INSTANCES - 1 ))); do
    base=${RSS[2,$i]}; last=${RSS[$n,$i]}
    if ! awk -v b="$base" -v l="$last" -v t="$SOAK_RSS_TOLERANCE" 'BEGIN { exit !(l <= b * (1 + t / 100)) }'; then
      VERDICT=FAIL; REASONS="$REASONS instance $i RSS $base -> $last MiB (> ${SOAK_RSS_TOLERANCE} %);"
    fi
    REASONS="$REASONS instance $i RSS interval 2 -> $n: $base -> $last MiB;"
  done
else
  VERDICT=FAIL; REASONS="$REASONS fewer than 3 intervals, RSS not judged;"
fi
echo "VERDICT $VERDICT: errors=$ERRORS;$REASONS"
[ "$VERDICT" = PASS ]
