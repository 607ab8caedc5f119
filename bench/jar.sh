# Sourced by bench/mfa.sh and bench/lifecycle.sh: start_jar NAME [VAR=value ...] builds the packaged
# jar if it is missing, makes the gatehouse_bench database, starts the jar on $PORT against local
# PostgreSQL and Redis (db 2) with the limits raised (plus the given variables), waits until it is
# ready and stops it on exit. Its log goes to target/bench/NAME-server.log.
PORT=${PORT:-18091}
BASE=http://127.0.0.1:$PORT
OUT=target/bench
mkdir -p "$OUT"
start_jar() {
  local name=$1; shift
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='gatehouse_bench'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE gatehouse_bench"
  env QUARKUS_HTTP_PORT=$PORT GATEHOUSE_ISSUER=$BASE \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/gatehouse_bench QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/2 \
    GATEHOUSE_KEY_ENCRYPTION_SECRET=bench-only-secret-0123456789-0123456789 \
    GATEHOUSE_API_KEY_SECRET=bench-only-api-key-secret-0123456789-0123 \
    GATEHOUSE_PROTECTION_LOGIN_PER_ADDRESS=100000000 GATEHOUSE_PROTECTION_LOGIN_PER_ACCOUNT=100000000 \
    GATEHOUSE_PROTECTION_REGISTER_PER_ADDRESS=100000000 \
    QUARKUS_LOG_LEVEL=WARN "$@" \
    java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$OUT/$name-server.log" 2>&1 &
  PID=$!
  trap 'kill $PID 2>/dev/null || true' EXIT
  until curl -sf -o /dev/null "$BASE/q/health/ready"; do
    kill -0 $PID 2>/dev/null || { echo "server died"; cat "$OUT/$name-server.log"; exit 1; }
    sleep 0.05
  done
}
