#!/usr/bin/env python3
"""Forgot-password timing for a known and an unknown address (SECURITY-CASES 63).

Usage: bench/lifecycle.py BASE_URL. Registers one account, then sends POST /auth/password/forgot
for it and for fresh unknown addresses, interleaved (so drift hits both alike), 400 of each after
40 of warm-up, one at a time. Prints median and p95 of each kind, the difference of the medians,
and that difference as a share of the spread (p95 - median) the same requests show: a difference
well inside the spread cannot be told from noise by a client.
"""
import http.client
import json
import statistics
import sys
import time
import uuid
from urllib.parse import urlparse

base = urlparse(sys.argv[1])
N, WARM = 400, 40


def call(conn, method, path, body):
    data = json.dumps(body)
    started = time.perf_counter()
    conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    return r.status, (time.perf_counter() - started) * 1000


conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
known = f"bench-{uuid.uuid4()}@example.com"
status, _ = call(conn, "POST", "/auth/register", {"email": known, "password": "Quiet-Harbor-7391"})
assert status == 201, status
times = {"known": [], "unknown": []}
statuses = set()
for i in range(WARM + N):
    for kind in ("known", "unknown"):
        email = known if kind == "known" else f"nobody-{uuid.uuid4()}@example.com"
        status, ms = call(conn, "POST", "/auth/password/forgot", {"email": email})
        statuses.add(status)
        if i >= WARM:
            times[kind].append(ms)
assert statuses == {202}, statuses


def p95(xs):
    return sorted(xs)[int(len(xs) * 0.95) - 1]


for kind, xs in times.items():
    print(f"forgot {kind:7s}: median {statistics.median(xs):6.2f} ms  p95 {p95(xs):6.2f} ms  (n={len(xs)}, all 202)")
diff = statistics.median(times["known"]) - statistics.median(times["unknown"])
spread = min(p95(xs) - statistics.median(xs) for xs in times.values())
print(f"difference of medians: {diff:+.2f} ms = {abs(diff) / spread * 100:.0f} % of the smaller spread "
      f"(p95 - median = {spread:.2f} ms); bound: within the spread (100 %)")
