#!/usr/bin/env bash
# A/B of JVM option sets on top of the container's settings (src/main/docker/jvm.options + AppCDS),
# for start-up and JIT levers: for each set, one start on an empty database (not counted), then a
# measured start: wall time to ready, the process's CPU at ready (and per thread kind: main, C1,
# C2...), idle RSS after 5 s; then a warm-up (15 s /auth/me, 20 s refresh over 8 chains) and 8 s
# of each measured, with the service's CPU per request read from /proc.
#
#   bench/jvm-ab.sh "" "-XX:TieredStopAtLevel=1"          (each argument is one option set; "" = as shipped)
#   APP=/path/to/quarkus-app bench/jvm-ab.sh ...          (default target/quarkus-app; packaged if missing)
# Run the sets alternately more than once on a shared machine: the spread between runs is the noise.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
APP=${APP:-$ROOT/target/quarkus-app}
PORT=${PORT:-18310}
BASE=http://127.0.0.1:$PORT
DB=gatehouse_jvm_ab
OUT=$ROOT/target/bench
mkdir -p "$OUT"
[ -f "$APP/quarkus-run.jar" ] || ./mvnw -q -B package -DskipTests -Dquarkus.package.jar.appcds.enabled=true
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
TCK=$(getconf CLK_TCK)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
launch() { # extra options
  ( cd "$APP" && MALLOC_ARENA_MAX=2 QUARKUS_HTTP_PORT=$PORT GATEHOUSE_ISSUER=$BASE \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/6 \
    GATEHOUSE_KEY_ENCRYPTION_SECRET=bench-only-secret-0123456789-0123456789 \
    GATEHOUSE_API_KEY_SECRET=bench-only-api-key-secret-0123456789-0123456789 \
    GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_LOGIN_PER_ACCOUNT=100000000 \
    GATEHOUSE_PROTECTION_REFRESH_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS=100000000 \
    QUARKUS_LOG_LEVEL=WARN exec java @"$ROOT/src/main/docker/jvm.options" $1 -jar quarkus-run.jar ) > "$OUT/jvm-ab-server.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "$BASE/q/health/ready"; do
    kill -0 $PID 2>/dev/null || { echo "server died"; tail -20 "$OUT/jvm-ab-server.log"; exit 1; }
    sleep 0.01
  done
}
ticks() { awk '{print $14+$15}' /proc/$PID/stat; }
threads() { # CPU so far per thread kind (comm without its number), those over 50 ms
  for t in /proc/$PID/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' < "$t/comm" | sed 's/[-_#]*[0-9]*$//')" "$(sed 's/.*) //' "$t/stat" | awk '{print $12+$13}')"
  done | awk -v t=$TCK '{s[$1]+=$2} END {for (k in s) if (s[k]*1000/t > 50) printf " %s=%dms", k, s[k]*1000/t}'
}
measure() { # label wrk-args...
  local label=$1; shift; local a b n r
  a=$(ticks); wrk "$@" > "$OUT/jvm-ab-$label.txt"; b=$(ticks)
  n=$(grep -o '[0-9]* requests in' "$OUT/jvm-ab-$label.txt" | awk '{print $1}')
  r=$(grep Requests/sec "$OUT/jvm-ab-$label.txt" | awk '{printf "%d", $2}')
  awk -v n="$n" -v t=$TCK -v a=$a -v b=$b -v l=$label -v r="$r" 'BEGIN { printf "  %s %6d req/s, service %.3f ms CPU per request", l, r, (b - a) * 1000 / t / n }'
}
echo "# bench/jvm-ab.sh $(date -u +%FT%TZ) on $(nproc) cores, $(java -version 2>&1 | head -1)"
for extra in "$@"; do
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null 2>&1
  redis-cli -h 127.0.0.1 -n 6 flushdb > /dev/null
  launch "$extra"; kill $PID; wait $PID 2>/dev/null || true
  t0=$(date +%s%N); launch "$extra"; ready=$(( ($(date +%s%N) - t0) / 1000000 ))
  cpu=$(( $(ticks) * 1000 / TCK )); per_thread=$(threads)
  sleep 5; rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$PID/status)
  echo "[${extra:-as shipped}] ready $ready ms, CPU at ready $cpu ms ($per_thread ), idle RSS $rss MiB, load $(cut -d' ' -f1 /proc/loadavg)"
  E="ab-$(date +%s%N)@example.com"; P="Quiet-Harbor-7391"
  curl -sf -o /dev/null -X POST "$BASE/auth/register" -H 'content-type: application/json' -d "{\"email\":\"$E\",\"password\":\"$P\"}"
  login() { curl -sf -X POST "$BASE/auth/login" -d "username=$E&password=$P"; }
  TOKEN=$(login | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  T=(); for i in $(seq 1 16); do T+=("$(login | sed -E 's/.*"refresh_token":"([^"]+)".*/\1/')"); done
  wrk -t2 -c16 -d15s -H "Authorization: Bearer $TOKEN" "$BASE/auth/me" > /dev/null
  wrk -t8 -c8 -d20s -s bench/refresh.lua "$BASE/auth/refresh" -- "${T[@]:0:8}" > /dev/null
  measure me -t2 -c32 -d8s -H "Authorization: Bearer $TOKEN" "$BASE/auth/me"
  measure refresh -t8 -c8 -d8s -s bench/refresh.lua "$BASE/auth/refresh" -- "${T[@]:8:8}"
  echo
  kill $PID; wait $PID 2>/dev/null || true; PID=
done
