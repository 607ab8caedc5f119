#!/usr/bin/env bash
# The MFA step's latency next to a plain password login: starts the packaged jar against local
# PostgreSQL and Redis (like bench/run.sh), then bench/mfa.py signs in one at a time on 127.0.0.1
# (bounded: 60 sign-ins of each kind) and prints median and p95 of each step.
#   bench/mfa.sh      (builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/jar.sh
start_jar mfa GATEHOUSE_MFA_VERIFY_PER_ADDRESS=100000000 GATEHOUSE_MFA_VERIFY_PER_ACCOUNT=100000000
python3 bench/mfa.py "$BASE" | tee "$OUT/mfa.txt"
