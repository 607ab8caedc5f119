#!/usr/bin/env bash
# Forgot-password for a known and an unknown address, side by side (SECURITY-CASES 63): starts the
# packaged jar against local PostgreSQL and Redis (like bench/run.sh; mails go to the log), then
# bench/lifecycle.py sends the two kinds interleaved, one at a time on 127.0.0.1 (bounded: 400 of
# each after a warm-up) and prints median, p95 and the difference of the medians next to the spread.
#   bench/lifecycle.sh      (builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/jar.sh
start_jar lifecycle GATEHOUSE_LIFECYCLE_MAIL_REQUESTS_PER_ADDRESS=100000000 GATEHOUSE_LIFECYCLE_MAIL_REQUESTS_PER_EMAIL=100000000 \
  QUARKUS_MAILER_MOCK=true
python3 bench/lifecycle.py "$BASE" | tee "$OUT/lifecycle.txt"
