// A stand-in for Gatehouse on loopback: discovery, JWKS (settable Cache-Control), and the revocation
// feed with Gatehouse's cursor contract (entries after `since`, pages of 1000, next_cursor = highest sent).
import http from "node:http";
import { generateKeyPair, exportJWK, SignJWT } from "jose";
import { randomUUID } from "node:crypto";

export async function newKey(kid) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, publicKey, privateKey, jwk };
}

export async function fakeIssuer() {
  const state = {
    published: [], signing: null, jwksCacheControl: "public, max-age=300", feedStatus: 200, jwksStatus: 200,
    entries: [], seq: 0, jwksRequests: 0, feedRequests: 0,
  };
  state.signing = await newKey("k1");
  state.published.push(state.signing);
  const server = http.createServer((req, res) => {
    const reply = (status, cc, body) => {
      res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": cc });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const url = new URL(req.url, state.issuer);
    if (url.pathname === "/.well-known/openid-configuration") {
      return reply(200, "public, max-age=300", { issuer: state.issuer, jwks_uri: `${state.issuer}/.well-known/jwks.json` });
    }
    if (url.pathname === "/.well-known/jwks.json") {
      state.jwksRequests++;
      if (!/application\/jwk-set\+json|\*\/\*/.test(req.headers.accept ?? "")) return reply(406, "no-store");   // as Gatehouse does
      if (state.jwksStatus !== 200) return reply(state.jwksStatus, "no-store");
      return reply(200, state.jwksCacheControl, { keys: state.published.map((k) => k.jwk) });
    }
    if (url.pathname === "/auth/revocations") {
      state.feedRequests++;
      if (req.headers.authorization !== `Basic ${Buffer.from("verifier:secret").toString("base64")}`) return reply(401, "no-store", { error: "invalid_client" });
      if (state.feedStatus !== 200) return reply(state.feedStatus, "no-store");
      const since = Number(url.searchParams.get("since") ?? 0);
      const page = [];
      for (const e of state.entries) {   // entries are in seq order
        if (e.seq <= since) continue;
        if (page.length === 1000) break;
        page.push(e);
      }
      const next = page.length ? page[page.length - 1].seq : since;
      return reply(200, "no-store", {
        revoked_tokens: page.filter((e) => e.kind === "token").map((e) => ({ jti: e.subject, exp: e.exp })),
        account_watermarks: page.filter((e) => e.kind === "account").map((e) => ({ sub: e.subject, not_before: e.notBefore, exp: e.exp })),
        next_cursor: String(next),
      });
    }
    reply(404, "no-store", { error: "not found" });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  state.issuer = `http://127.0.0.1:${server.address().port}`;
  return Object.assign(state, {
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
    revokeToken(jti, exp) { state.entries.push({ seq: ++state.seq, kind: "token", subject: jti, exp }); },
    revokeAccount(sub, notBefore, exp) { state.entries.push({ seq: ++state.seq, kind: "account", subject: sub, notBefore, exp }); },
    claims(nowMs) {
      const now = Math.floor(nowMs / 1000);
      return { iss: state.issuer, aud: "gatehouse", sub: randomUUID(), jti: randomUUID(), iat: now, exp: now + 900,
        groups: ["user"], scope: "openid profile", sid: randomUUID() };
    },
    async sign(claims, key = state.signing, header = {}) {
      return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: key.kid, ...header }).sign(key.privateKey);
    },
  });
}

/** A clock the test moves. */
export function movableClock(start = Math.floor(Date.now() / 1000) * 1000) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms) => { now += ms; };
  return clock;
}
