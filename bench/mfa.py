"""Sequential sign-ins against a running Gatehouse: plain password logins, and password + MFA step
(backup codes, so every sign-in has an unused code). Prints median and p95 per step, in ms."""
import http.client, json, statistics, sys, time, urllib.parse, uuid

BASE = urllib.parse.urlparse(sys.argv[1])
PASSWORD = "Quiet-Harbor-7391"
N = 60  # sign-ins of each kind; MFA accounts give 10 backup codes each
conn = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=30)


def call(method, path, body=None, form=None, token=None):
    headers = {}
    if token:
        headers["Authorization"] = "Bearer " + token
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        body = json.dumps(body)
        headers["Content-Type"] = "application/json"
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, (json.loads(data) if data else None), (time.perf_counter() - start) * 1000


def account():
    email = "bench-mfa-%s@example.com" % uuid.uuid4()
    assert call("POST", "/auth/register", {"email": email, "password": PASSWORD})[0] == 201
    return email


def login(email):
    return call("POST", "/auth/login", form={"username": email, "password": PASSWORD})


def totp_now(secret):
    import base64, hashlib, hmac, struct
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    h = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


plain_email = account()
for _ in range(10):  # warm-up
    login(plain_email)
plain = []
for _ in range(N):
    status, _, ms = login(plain_email)
    assert status == 200, status
    plain.append(ms)

codes = []
while len(codes) < N + 10:
    email = account()
    token = login(email)[1]["access_token"]
    secret = call("POST", "/auth/mfa/totp", token=token)[1]["secret"]
    status, body, _ = call("POST", "/auth/mfa/totp/confirm", {"code": totp_now(secret)}, token=token)
    assert status == 200, (status, body)
    codes += [(email, c) for c in body["backupCodes"]]
first, second, total = [], [], []
for i, (email, code) in enumerate(codes):
    status, body, ms1 = login(email)
    assert status == 403 and body["error"] == "mfa_required", (status, body)
    status, body, ms2 = call("POST", "/auth/mfa/verify", form={"mfa_token": body["mfa_token"], "backup_code": code})
    assert status == 200, (status, body)
    if i >= 10:  # the first ten warm the MFA path up
        first.append(ms1)
        second.append(ms2)
        total.append(ms1 + ms2)


def line(name, xs):
    xs = sorted(xs)
    return "%-34s median %6.1f ms   p95 %6.1f ms   (n=%d)" % (name, statistics.median(xs), xs[int(len(xs) * 0.95) - 1], len(xs))


print(line("plain login (password)", plain))
print(line("MFA login, step 1 (password → 403)", first))
print(line("MFA login, step 2 (/auth/mfa/verify)", second))
print(line("MFA login, both steps", total))
print("MFA step 2 / plain login (median)  %.2f" % (statistics.median(second) / statistics.median(plain)))
