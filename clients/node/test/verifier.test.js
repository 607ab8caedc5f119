// The package against a fake issuer on loopback; time moves only with the injected clock; polls are driven by the tests.
import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { createHmac } from "node:crypto";
import { createVerifier, TokenRejectedError, expressMiddleware, fastifyPreHandler } from "../src/index.js";
import { fakeIssuer, movableClock, newKey } from "./fake-issuer.js";

let issuer, clock, verifier;
const options = (extra = {}) => ({ issuer: issuer.issuer, clientId: "verifier", clientSecret: "secret", now: clock,
  pollIntervalMs: 1000, timeoutMs: 2000, onError: () => {}, ...extra });

beforeEach(async () => {
  issuer = await fakeIssuer();
  clock = movableClock();
  verifier = createVerifier(options());
});
afterEach(async () => {
  verifier.close();
  await issuer.close();
});

async function reason(token, v = verifier) {
  try {
    await v.verify(token);
  } catch (e) {
    assert.ok(e instanceof TokenRejectedError, String(e));
    return e.reason;
  }
  assert.fail("accepted");
}
const b64 = (o) => Buffer.from(typeof o === "string" ? o : JSON.stringify(o)).toString("base64url");

test("verify when the feed was never read then unavailable, never accepted", async () => {
  assert.equal(await reason(await issuer.sign(issuer.claims(clock()))), "unavailable");
  assert.equal(verifier.stats().synced, false);
});

test("verify when a valid person token then its claims", async () => {
  await verifier.pollNow();
  const c = issuer.claims(clock());
  const claims = await verifier.verify(await issuer.sign(c));
  assert.equal(claims.sub, c.sub);
  assert.deepEqual(claims.groups, ["user"]);
});

test("verify when a client-credentials token (sub = client id, client_id, no sid) then accepted", async () => {
  await verifier.pollNow();
  const { sid, groups, ...c } = issuer.claims(clock());
  const claims = await verifier.verify(await issuer.sign({ ...c, sub: "billing-service", client_id: "billing-service" }));
  assert.equal(claims.client_id, "billing-service");
  assert.equal(claims.sid, undefined);
});

test("verify when the jti is revoked then revoked at the next poll", async () => {
  await verifier.pollNow();
  const c = issuer.claims(clock());
  const token = await issuer.sign(c);
  await verifier.verify(token);
  issuer.revokeToken(c.jti, c.exp);
  await verifier.pollNow();
  assert.equal(await reason(token), "revoked");
  await verifier.verify(await issuer.sign(issuer.claims(clock())));
});

test("verify when issued before the account watermark then revoked, a later token accepted", async () => {
  await verifier.pollNow();
  const before = issuer.claims(clock());
  const now = Math.floor(clock() / 1000);
  clock.advance(1000);
  issuer.revokeAccount(before.sub, now + 1, now + 960);
  await verifier.pollNow();
  assert.equal(await reason(await issuer.sign(before)), "revoked");
  await verifier.verify(await issuer.sign({ ...issuer.claims(clock()), sub: before.sub }));
});

test("verify when fail closed and the feed fails then unavailable until it answers", async () => {
  await verifier.pollNow();
  const token = await issuer.sign(issuer.claims(clock()));
  issuer.feedStatus = 503;
  await assert.rejects(verifier.pollNow(), /answered 503/);
  assert.equal(await reason(token), "unavailable");
  assert.equal(verifier.stats().consecutiveFailures, 1);
  issuer.feedStatus = 200;
  await verifier.pollNow();
  await verifier.verify(token);
});

test("verify when fail closed and no poll for too long then unavailable", async () => {
  await verifier.pollNow();
  const token = await issuer.sign(issuer.claims(clock()));
  clock.advance(4000);   // 2 × 1 s + 2 s timeout + 1 s: still fresh
  await verifier.verify(token);
  clock.advance(2000);
  assert.equal(await reason(token), "unavailable");
});

test("verify when fail open and the feed fails then the last state until the window ends", async () => {
  verifier.close();
  verifier = createVerifier(options({ failOpenForMs: 60000 }));
  await verifier.pollNow();
  const revokedClaims = issuer.claims(clock());
  issuer.revokeToken(revokedClaims.jti, revokedClaims.exp);
  await verifier.pollNow();
  const live = await issuer.sign(issuer.claims(clock()));
  const revoked = await issuer.sign(revokedClaims);
  issuer.feedStatus = 503;
  clock.advance(30000);
  await assert.rejects(verifier.pollNow());
  await verifier.verify(live);
  assert.equal(await reason(revoked), "revoked");
  assert.equal(verifier.stats().lagMs, 30000);
  clock.advance(31000);
  assert.equal(await reason(live), "unavailable");
});

test("verify when alg none (any casing) then invalid", async () => {
  await verifier.pollNow();
  const claims = issuer.claims(clock());
  for (const alg of ["none", "nOnE"]) {
    assert.equal(await reason(`${b64({ alg, typ: "at+jwt", kid: "k1" })}.${b64(claims)}.`), "invalid");
    assert.equal(await reason(`${b64({ alg, typ: "at+jwt", kid: "k1" })}.${b64(claims)}.x`), "invalid");
  }
});

test("verify when HS256 keyed with the public key (PEM, DER, JWK) then invalid", async () => {
  await verifier.pollNow();
  const { createPublicKey } = await import("node:crypto");
  const pub = createPublicKey({ key: issuer.signing.jwk, format: "jwk" });
  const secrets = [pub.export({ type: "spki", format: "pem" }), pub.export({ type: "spki", format: "der" }), JSON.stringify(issuer.signing.jwk)];
  for (const secret of secrets) {
    const input = `${b64({ alg: "HS256", typ: "at+jwt", kid: "k1" })}.${b64(issuer.claims(clock()))}`;
    const sig = createHmac("sha256", secret).update(input).digest("base64url");
    assert.equal(await reason(`${input}.${sig}`), "invalid");
  }
});

test("verify when signed by a foreign key with the same kid then invalid", async () => {
  await verifier.pollNow();
  const foreign = await newKey("k1");
  assert.equal(await reason(await issuer.sign(issuer.claims(clock()), foreign)), "invalid");
});

test("verify when wrong typ, aud or iss, or missing claims then invalid", async () => {
  await verifier.pollNow();
  const c = () => issuer.claims(clock());
  assert.equal(await reason(await issuer.sign(c(), issuer.signing, { typ: "JWT" })), "invalid");
  assert.equal(await reason(await issuer.sign(c(), issuer.signing, { typ: undefined })), "invalid");
  assert.equal(await reason(await issuer.sign({ ...c(), aud: "another-service" })), "invalid");
  const { aud, ...noAud } = c();
  assert.equal(await reason(await issuer.sign(noAud)), "invalid");
  assert.equal(await reason(await issuer.sign({ ...c(), iss: `${issuer.issuer}/` })), "invalid");
  assert.equal(await reason(await issuer.sign({ ...c(), iss: "https://evil.example" })), "invalid");
  const { jti, ...noJti } = c();
  assert.equal(await reason(await issuer.sign(noJti)), "invalid");
  assert.equal(await reason(await issuer.sign({ ...c(), iat: Math.floor(clock() / 1000) + 120 })), "invalid");
  assert.equal(await reason(await issuer.sign(c(), issuer.signing, { jku: "https://evil.example/jwks" })), "invalid");
});

test("verify when expired beyond the skew then invalid, within it accepted", async () => {
  await verifier.pollNow();
  const token = await issuer.sign({ ...issuer.claims(clock()), exp: Math.floor(clock() / 1000) + 10 });
  clock.advance((10 + 29) * 1000);
  await verifier.pollNow();
  await verifier.verify(token);
  clock.advance(2000);
  await verifier.pollNow();
  assert.equal(await reason(token), "invalid");
});

test("verify when unknown kids then the JWKS is refetched at most once per interval", async () => {
  await verifier.pollNow();
  await verifier.verify(await issuer.sign(issuer.claims(clock())));
  assert.equal(issuer.jwksRequests, 1);
  const junk = await newKey("junk");
  for (let i = 0; i < 20; i++) {
    assert.equal(await reason(await issuer.sign(issuer.claims(clock()), { ...junk, kid: `junk-${i}` })), "invalid");
  }
  assert.equal(issuer.jwksRequests, 1);
  const k2 = await newKey("k2");
  issuer.published.push(k2);
  clock.advance(31000);
  await verifier.pollNow();
  await verifier.verify(await issuer.sign(issuer.claims(clock()), k2));
  assert.equal(issuer.jwksRequests, 2);
});

test("verify when the JWKS max-age passed then refetched, and the successor is known before it signs", async () => {
  issuer.jwksCacheControl = "public, max-age=60";
  await verifier.pollNow();
  await verifier.verify(await issuer.sign(issuer.claims(clock())));
  const k2 = await newKey("k2");
  issuer.published.push(k2);
  clock.advance(30000);
  await verifier.pollNow();
  await verifier.verify(await issuer.sign(issuer.claims(clock())));
  assert.equal(issuer.jwksRequests, 1);
  clock.advance(31000);
  await verifier.pollNow();
  await verifier.verify(await issuer.sign(issuer.claims(clock())));   // known kid past max-age: served, refetched in the background
  await verifier.jwksInFlight;
  assert.equal(issuer.jwksRequests, 2);
  await verifier.verify(await issuer.sign(issuer.claims(clock()), k2));
  assert.equal(issuer.jwksRequests, 2);
});

test("verify when max-age is shorter than the unknown-kid interval then max-age is honoured", async () => {
  issuer.jwksCacheControl = "public, max-age=2";
  await verifier.pollNow();
  await verifier.verify(await issuer.sign(issuer.claims(clock())));
  const k2 = await newKey("k2");
  issuer.published.push(k2);
  clock.advance(3000);
  await verifier.pollNow();
  await verifier.verify(await issuer.sign(issuer.claims(clock())));
  await verifier.jwksInFlight;
  assert.equal(issuer.jwksRequests, 2);
  await verifier.verify(await issuer.sign(issuer.claims(clock()), k2));
});

test("verify when the JWKS is unreachable at first then retried with backoff, not after the unknown-kid interval", async () => {
  await verifier.pollNow();
  const token = await issuer.sign(issuer.claims(clock()));
  issuer.jwksStatus = 503;
  assert.equal(await reason(token), "invalid");
  assert.equal(await reason(token), "invalid");
  assert.equal(issuer.jwksRequests, 1);
  clock.advance(1000);
  assert.equal(await reason(token), "invalid");
  assert.equal(issuer.jwksRequests, 2);
  issuer.jwksStatus = 200;
  clock.advance(1000);
  assert.equal(await reason(token), "invalid");   // the second failure waits 2 s
  clock.advance(1000);
  await verifier.pollNow();
  await verifier.verify(token);
  assert.equal(issuer.jwksRequests, 3);
});

test("poll when 100,000 revocations arrive and expire then the store stays bounded and empties", async () => {
  await verifier.pollNow();
  let max = 0;
  for (let round = 0; round < 100; round++) {
    const now = Math.floor(clock() / 1000);
    for (let i = 0; i < 1000; i++) issuer.revokeToken(`r${round}-${i}`, now + 60);
    if (round % 10 === 0) issuer.revokeAccount(`acct-${round}`, now, now + 60);
    await verifier.pollNow();
    max = Math.max(max, verifier.stats().revokedTokens);
    clock.advance(10000);
  }
  assert.equal(issuer.entries.length, 100010);
  assert.ok(max <= 10000, `store held ${max} entries at once`);
  clock.advance((60 + 30 + 1) * 1000);
  await verifier.pollNow();
  assert.equal(verifier.stats().revokedTokens, 0);
  assert.equal(verifier.stats().accountWatermarks, 0);
  assert.equal(verifier.stats().cursor, "100010");
});

test("createVerifier when HMAC or none algorithms, or no feed client then refused", () => {
  assert.throws(() => createVerifier({ issuer: "https://x", clientId: "a", clientSecret: "b", algorithms: ["HS256"] }));
  assert.throws(() => createVerifier({ issuer: "https://x", clientId: "a", clientSecret: "b", algorithms: ["none"] }));
  assert.throws(() => createVerifier({ issuer: "https://x" }));
});

test("start when the feed fails then retries with backoff and never throws out of the process", async () => {
  issuer.feedStatus = 503;
  const errors = [];
  verifier.close();
  verifier = createVerifier(options({ now: Date.now, pollIntervalMs: 20, maxBackoffMs: 80, onError: (e) => errors.push(e.message) })).start();
  while (errors.length < 3) await new Promise((r) => setTimeout(r, 10));   // bounded by the test runner's timeout
  assert.equal(verifier.stats().synced, false);
  issuer.feedStatus = 200;
  await verifier.ready();
  assert.equal(verifier.stats().usable, true);
  assert.ok(errors.every((m) => m === "revocation feed answered 503"), errors.join());
});

test("expressMiddleware when valid, missing, revoked or lacking a role then next, 401, 401, 403", async () => {
  await verifier.pollNow();
  const run = (mw, authorization) => new Promise((resolve) => {
    const req = { headers: { authorization } };
    const res = { statusCode: 200, headers: {}, status(s) { this.statusCode = s; return this; },
      set(h) { Object.assign(this.headers, h); return this; }, json(b) { resolve({ req, res: this, body: b }); } };
    mw(req, res, () => resolve({ req, res, next: true }));
  });
  const c = issuer.claims(clock());
  const token = await issuer.sign(c);
  const ok = await run(expressMiddleware(verifier), `Bearer ${token}`);
  assert.equal(ok.next, true);
  assert.equal(ok.req.auth.sub, c.sub);
  const missing = await run(expressMiddleware(verifier), undefined);
  assert.equal(missing.res.statusCode, 401);
  assert.match(missing.res.headers["WWW-Authenticate"], /^Bearer/);
  assert.equal((await run(expressMiddleware(verifier, { roles: ["admin"] }), `Bearer ${token}`)).res.statusCode, 403);
  issuer.revokeToken(c.jti, c.exp);
  await verifier.pollNow();
  const revoked = await run(expressMiddleware(verifier), `Bearer ${token}`);
  assert.equal(revoked.res.statusCode, 401);
  assert.equal(revoked.body.error, "invalid_token");
});

test("fastifyPreHandler when valid then request.auth, when the feed is down then 503", async () => {
  await verifier.pollNow();
  const token = await issuer.sign(issuer.claims(clock()));
  const reply = () => ({ sent: null, code(s) { this.status = s; return this; }, headers(h) { this.h = h; return this; }, send(b) { this.sent = b; return this; } });
  const request = { headers: { authorization: `Bearer ${token}` } };
  const r1 = reply();
  await fastifyPreHandler(verifier)(request, r1);
  assert.equal(r1.sent, null);
  assert.equal(request.auth.groups[0], "user");
  issuer.feedStatus = 503;
  await assert.rejects(verifier.pollNow());
  const r2 = reply();
  await fastifyPreHandler(verifier)({ headers: { authorization: `Bearer ${token}` } }, r2);
  assert.equal(r2.status, 503);
  assert.equal(r2.h["Retry-After"], "5");
});

test("require when loaded as CommonJS then the same exports", () => {
  const cjs = createRequire(import.meta.url)("../src/index.cjs");
  assert.equal(cjs.createVerifier, createVerifier);
  assert.equal(cjs.TokenRejectedError, TokenRejectedError);
});
