// Gatehouse's signing algorithms (issue 14, item 4): a token verifies under the algorithm its key is
// published for (RS256, PS256, ES256, EdDSA) and under no other, even with a valid signature under the
// algorithm its header names; HMAC and none never.
import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, createHmac } from "node:crypto";
import { exportJWK, SignJWT } from "jose";
import { createVerifier, TokenRejectedError, DEFAULT_ALGORITHMS } from "../src/index.js";
import { fakeIssuer, movableClock } from "./fake-issuer.js";

let issuer, clock, verifier, keys;

async function key(kid, alg, type, opts) {
  const { publicKey, privateKey } = generateKeyPairSync(type, opts);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, publicKey, privateKey, jwk };
}

beforeEach(async () => {
  issuer = await fakeIssuer();
  clock = movableClock();
  keys = {
    RS256: await key("rs-1", "RS256", "rsa", { modulusLength: 2048 }),
    PS256: await key("ps-1", "PS256", "rsa", { modulusLength: 2048 }),
    ES256: await key("es-1", "ES256", "ec", { namedCurve: "P-256" }),
    EdDSA: await key("ed-1", "EdDSA", "ed25519"),
  };
  issuer.published.push(...Object.values(keys));
  verifier = createVerifier({ issuer: issuer.issuer, clientId: "verifier", clientSecret: "secret", now: clock,
    pollIntervalMs: 1000, timeoutMs: 2000, onError: () => {} });
  await verifier.pollNow();
});
afterEach(async () => {
  verifier.close();
  await issuer.close();
});

const sign = (alg, signer, kid) =>
  new SignJWT(issuer.claims(clock())).setProtectedHeader({ alg, typ: "at+jwt", kid }).sign(signer.privateKey);

async function reason(token, v = verifier) {
  try {
    await v.verify(token);
  } catch (e) {
    assert.ok(e instanceof TokenRejectedError, String(e));
    return e.reason;
  }
  assert.fail("accepted");
}

test("defaults when not configured then the four algorithms Gatehouse signs with", () => {
  assert.deepEqual([...DEFAULT_ALGORITHMS], ["RS256", "PS256", "ES256", "EdDSA"]);
});

test("verify when signed under each key's published alg then accepted", async () => {
  for (const [alg, k] of Object.entries(keys)) {
    const claims = await verifier.verify(await sign(alg, k, k.kid));
    assert.equal(claims.iss, issuer.issuer, alg);
  }
});

test("verify when the header names another alg than the key's then invalid", async () => {
  // Valid signatures under the header's alg, by keys published for another one.
  assert.equal(await reason(await sign("RS256", keys.PS256, "ps-1")), "invalid");
  assert.equal(await reason(await sign("PS256", keys.RS256, "rs-1")), "invalid");
  assert.equal(await reason(await sign("RS256", keys.RS256, "es-1")), "invalid");
  assert.equal(await reason(await sign("ES256", keys.ES256, "ed-1")), "invalid");
  assert.equal(await reason(await sign("EdDSA", keys.EdDSA, "es-1")), "invalid");
});

test("verify when HS256 keyed with an EC or OKP public key, or none, then invalid", async () => {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  for (const k of [keys.ES256, keys.EdDSA]) {
    const input = `${b64({ alg: "HS256", typ: "at+jwt", kid: k.kid })}.${b64(issuer.claims(clock()))}`;
    for (const secret of [k.publicKey.export({ type: "spki", format: "der" }), JSON.stringify(k.jwk)]) {
      assert.equal(await reason(`${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`), "invalid");
    }
    assert.equal(await reason(`${b64({ alg: "none", typ: "at+jwt", kid: k.kid })}.${b64(issuer.claims(clock()))}.`), "invalid");
  }
});

test("verify when algorithms narrowed to RS256 then ES256 refused even if the key says so", async () => {
  const narrow = createVerifier({ issuer: issuer.issuer, clientId: "verifier", clientSecret: "secret", now: clock,
    pollIntervalMs: 1000, timeoutMs: 2000, onError: () => {}, algorithms: ["RS256"] });
  try {
    await narrow.pollNow();
    assert.equal(await reason(await sign("ES256", keys.ES256, "es-1"), narrow), "invalid");
    await narrow.verify(await sign("RS256", keys.RS256, "rs-1"));
  } finally {
    narrow.close();
  }
});
