#!/usr/bin/env bash
# The framework's own floor on this machine: three minimal Quarkus apps, same Quarkus version, same
# container JVM settings (src/main/docker/jvm.options with their own AppCDS archive), started the way
# bench/perf.sh starts Gatehouse, measured the same way: wall time from exec to /q/health/ready
# answering 200, and RSS 5 s later. Where the targets of issue 14 (ready under 1 s, idle RSS under
# 120 MiB) sit against what Quarkus in JVM mode needs before any line of ours runs.
#   rest: quarkus-rest + quarkus-rest-jackson + quarkus-smallrye-health, one JSON resource.
#   orm:  rest + quarkus-hibernate-orm-panache + quarkus-jdbc-postgresql + quarkus-flyway, one
#         Panache entity, one migration; the resource reads a row (the stack DESIGN.md names).
#   stack: orm + every other Quarkus extension Gatehouse uses (smallrye-jwt and -jwt-build, redis-client,
#         oidc, rest-qute, mailer, scheduler, micrometer-registry-prometheus, smallrye-openapi,
#         elytron-security-common, jdbc-h2), still only those classes: the extensions before our code.
#   gatehouse: the packaged service (target/quarkus-app), for comparison in the same run.
#
#   bench/floor.sh             builds the three apps into target/floor/ (offline from ~/.m2 once resolved),
#                              then 3 rounds of alternated warm starts
# Needs PostgreSQL on 127.0.0.1:5432 (databases gatehouse_floor, _orm and _stack are made and dropped) and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
Q=$(sed -n 's:.*<quarkus.version>\(.*\)</quarkus.version>.*:\1:p' pom.xml)
OUT=$ROOT/target/floor
PORT=${PORT:-18420}
BASE=http://127.0.0.1:$PORT
DB=gatehouse_floor
ROUNDS=${ROUNDS:-3}
mkdir -p "$OUT"

app() { # name extra-dependencies
  local d=$OUT/$1
  mkdir -p "$d/src/main/java/floor" "$d/src/main/resources/db/migration"
  cat > "$d/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>floor</groupId><artifactId>floor-$1</artifactId><version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement><dependencies><dependency>
    <groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId><version>$Q</version><type>pom</type><scope>import</scope>
  </dependency></dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest-jackson</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-smallrye-health</artifactId></dependency>
    $2
  </dependencies>
  <build><plugins>
    <plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>$Q</version>
      <executions><execution><goals><goal>build</goal></goals></execution></executions></plugin>
    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
  </plugins></build>
</project>
EOF
  cat > "$d/src/main/java/floor/Hello.java" <<'EOF'
package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;

@Path("/hello")
public class Hello {
    @GET
    public Map<String, String> hello() {
        return Map.of("hello", "world");
    }
}
EOF
  : > "$d/src/main/resources/application.properties"
}

ORM='<dependency><groupId>io.quarkus</groupId><artifactId>quarkus-hibernate-orm-panache</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-jdbc-postgresql</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-flyway</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-flyway-postgresql</artifactId></dependency>'
STACK=$ORM
for x in smallrye-jwt smallrye-jwt-build jdbc-h2 redis-client elytron-security-common smallrye-openapi \
    micrometer-registry-prometheus scheduler oidc rest-qute mailer; do
  STACK="$STACK <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-$x</artifactId></dependency>"
done
app rest ""
app orm "$ORM"
app stack "$STACK"
for a in orm stack; do
  cat > "$OUT/$a/src/main/java/floor/Greeting.java" <<'EOF'
package floor;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Entity
@Path("/greeting")
public class Greeting extends PanacheEntityBase {
    @Id
    public long id;
    public String text;

    @GET
    @Transactional
    public String first() {
        Greeting g = findById(1L);
        return g == null ? "" : g.text;
    }
}
EOF
  cat > "$OUT/$a/src/main/resources/db/migration/V1__greeting.sql" <<'EOF'
CREATE TABLE greeting (id BIGINT PRIMARY KEY, text VARCHAR(64));
INSERT INTO greeting VALUES (1, 'hello');
EOF
  printf 'quarkus.datasource.db-kind=postgresql\nquarkus.flyway.migrate-at-start=true\nquarkus.datasource.devservices.enabled=false\n' \
    > "$OUT/$a/src/main/resources/application.properties"
done
printf 'quarkus.oidc.tenant-enabled=false\nquarkus.redis.devservices.enabled=false\n' >> "$OUT/stack/src/main/resources/application.properties"

for a in rest orm stack; do
  [ -f "$OUT/$a/target/quarkus-app/app-cds.jsa" ] || ./mvnw -q -B -f "$OUT/$a/pom.xml" package -DskipTests -Dquarkus.package.jar.appcds.enabled=true
done
[ -f target/quarkus-app/app-cds.jsa ] || ./mvnw -q -B package -DskipTests -Dquarkus.package.jar.appcds.enabled=true

PID=
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true
      for d in $DB ${DB}_orm ${DB}_stack; do psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done' EXIT
for d in $DB ${DB}_orm ${DB}_stack; do psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" -c "CREATE DATABASE $d"; done
redis-cli -h 127.0.0.1 -n 6 flushdb > /dev/null
start() { # app-dir label [database]
  # what answers must be what this started: nothing may listen on the port before
  if ss -Hltn "sport = :$PORT" | grep -q .; then echo "port $PORT is taken: PORT=<free port> bench/floor.sh" >&2; exit 1; fi
  ( cd "$1" && MALLOC_ARENA_MAX=2 QUARKUS_HTTP_PORT=$PORT GATEHOUSE_ISSUER=$BASE \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/${3:-$DB} QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/6 \
    GATEHOUSE_KEY_ENCRYPTION_SECRET=bench-only-secret-0123456789-0123456789 \
    GATEHOUSE_API_KEY_SECRET=bench-only-api-key-secret-0123456789-0123456789 \
    QUARKUS_LOG_LEVEL=WARN exec java @"$ROOT/src/main/docker/jvm.options" -jar quarkus-run.jar ) > "$OUT/$2.log" 2>&1 &
  PID=$!
  local t0; t0=$(date +%s%N)
  until curl -sf -o /dev/null "$BASE/q/health/ready"; do
    kill -0 $PID 2>/dev/null || { echo "$2 died" >&2; tail -20 "$OUT/$2.log" >&2; exit 1; }
    sleep 0.01
  done
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local cpu; cpu=$(awk '{print $14+$15}' /proc/$PID/stat)
  sleep 5
  local rss; rss=$(( $(awk '/^VmRSS/ {print $2}' /proc/$PID/status) / 1024 ))
  printf '%-10s ready %5d ms  (target 1000 = %3d%%)  CPU to ready %5d ms  idle RSS %4d MiB  (target 120 = %3d%%)\n' "$2" "$ms" \
    $(( ms * 100 / 1000 )) $(( cpu * 1000 / $(getconf CLK_TCK) )) "$rss" $(( rss * 100 / 120 ))
  kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; PID=
}
echo "# bench/floor.sh $(date -u +%FT%TZ), Quarkus $Q, $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# first starts (migrations, Gatehouse's new signing key), not counted
start "$OUT/orm/target/quarkus-app" orm-first ${DB}_orm > /dev/null
start "$OUT/stack/target/quarkus-app" stack-first ${DB}_stack > /dev/null
start "$ROOT/target/quarkus-app" gatehouse-first > /dev/null
for r in $(seq 1 "$ROUNDS"); do
  start "$OUT/rest/target/quarkus-app" rest
  start "$OUT/orm/target/quarkus-app" orm ${DB}_orm
  start "$OUT/stack/target/quarkus-app" stack ${DB}_stack
  start "$ROOT/target/quarkus-app" gatehouse
done
