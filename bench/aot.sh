#!/usr/bin/env bash
# JDK 25's AOT cache (JEP 483/514/515) against the container's settings (JDK 17 + AppCDS): launch to
# ready, idle RSS and CPU at ready + 5 s, N warm starts of each on one migrated database.
#
#   bench/aot.sh                  JAVA25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java N=3
#
# What it does (docs/performance.md, "Start-up and memory", has the figures and the decision):
#  1. packages the committed HEAD (a clone in target/aot-build) with the aot-jar layout: the fast-jar's
#     own class loader keeps the application's classes out of any AOT cache;
#  2. trains a cache on JDK 25 with a workload: bench/perf.sh's login, refresh, /auth/me,
#     introspection and JWKS runs (3 s each) with -XX:AOTCacheOutput, written when the server stops.
#     MaxMetaspaceSize is lifted for the training only (writing fails under 128m). A training that
#     only reaches static init (-Dquarkus.appcds.generate=true, what an image build without a
#     database could do) gives no gain: TRAIN=static shows it;
#  3. starts each way N times and prints the figures.
# Needs what bench/perf.sh needs, plus a JDK 25. Take the test lock on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
N=${N:-3}
TRAIN=${TRAIN:-workload}
BUILD=$ROOT/target/aot-build
PORT=18160
BASE=http://127.0.0.1:$PORT
DB=gatehouse_aot
[ -x "$JAVA25" ] || { echo "no JDK 25 at $JAVA25 (set JAVA25)"; exit 1; }
FAST=$ROOT/target/quarkus-app
[ -f "$FAST/app-cds.jsa" ] || ./mvnw -q -B package -DskipTests -Dquarkus.package.jar.appcds.enabled=true

rm -rf "$BUILD" && git clone -q "$ROOT" "$BUILD"
(cd "$BUILD" && ./mvnw -q -B package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.jar.appcds.enabled=false)
AOT=$BUILD/target/quarkus-app
OPTS=$ROOT/src/main/docker/jvm.options
grep -v "SharedArchiveFile\|Xlog:cds\|MaxMetaspaceSize" "$OPTS" > "$BUILD/train.options"; echo "-XX:AOTCacheOutput=app.aot" >> "$BUILD/train.options"
grep -v "SharedArchiveFile\|Xlog:cds" "$OPTS" > "$BUILD/run.options"; echo "-XX:AOTCache=app.aot" >> "$BUILD/run.options"

echo "# bench/aot.sh $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA25" -version 2>&1 | head -1)"
if [ "$TRAIN" = static ]; then
  (cd "$AOT" && "$JAVA25" @"$BUILD/train.options" -Dquarkus.appcds.generate=true -jar quarkus-run.jar > "$BUILD/train.log" 2>&1)
else
  PATH=$(dirname "$JAVA25"):$PATH APP=$AOT OPTS_FILE=$BUILD/train.options ONLY=login,refresh,me,introspect,jwks \
    CONNS=16 DURATION=3s bench/perf.sh > "$BUILD/train.log" 2>&1
fi
[ -s "$AOT/app.aot" ] || { echo "no AOT cache written: $BUILD/train.log"; exit 1; }
echo "training: $TRAIN, cache $(( $(stat -c %s "$AOT/app.aot") / 1048576 )) MiB"

starts() { # label app-dir java options-file
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null 2>&1
  redis-cli -h 127.0.0.1 -n 5 flushdb > /dev/null
  local i p t0 ms
  for i in $(seq 0 "$N"); do
    ( cd "$2" && MALLOC_ARENA_MAX=2 QUARKUS_HTTP_PORT=$PORT GATEHOUSE_ISSUER=$BASE \
      QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
      QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/5 \
      GATEHOUSE_KEY_ENCRYPTION_SECRET=bench-only-secret-0123456789-0123456789 \
      GATEHOUSE_API_KEY_SECRET=bench-only-api-key-secret-0123456789-0123456789 \
      QUARKUS_LOG_LEVEL=WARN exec "$3" @"$4" -jar quarkus-run.jar ) > "$BUILD/server.log" 2>&1 &
    p=$!; t0=$(date +%s%N)
    until curl -sf -o /dev/null "$BASE/q/health/ready"; do
      kill -0 $p 2>/dev/null || { echo "server died"; tail -5 "$BUILD/server.log"; exit 1; }; sleep 0.01
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 )); sleep 5
    # start 0 migrates the database and creates the key: not counted
    [ "$i" -gt 0 ] && printf "%-28s ready %5d ms  idle RSS %4d MiB  CPU at ready + 5 s %5.2f s\n" "$1" "$ms" \
      $(( $(grep VmRSS /proc/$p/status | awk '{print $2}') / 1024 )) "$(awk '{print ($14+$15)/100}' /proc/$p/stat)"
    kill $p; wait $p 2>/dev/null || true
  done
}
starts "JDK 25 + AOT cache" "$AOT" "$JAVA25" "$BUILD/run.options"
starts "JDK 17 + AppCDS (container)" "$FAST" java "$OPTS"
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
