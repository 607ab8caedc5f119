// verifier.mjs: verify Gatehouse access tokens offline (JWKS + revocation feed), with `jose`.
import { createRemoteJWKSet, jwtVerify } from "jose";

const ISSUER = process.env.GATEHOUSE_ISSUER;                 // e.g. https://auth.example.com
const AUDIENCE = process.env.GATEHOUSE_AUDIENCE ?? "gatehouse";
const CLIENT = Buffer.from(`${process.env.GATEHOUSE_CLIENT_ID}:${process.env.GATEHOUSE_CLIENT_SECRET}`).toString("base64");
const POLL_MS = Number(process.env.GATEHOUSE_POLL_MS ?? 5000);  // how often to read the feed
const MAX_BACKOFF_MS = 12 * POLL_MS;                         // longest wait between retries after failures
const MAX_STALE_MS = Number(process.env.GATEHOUSE_MAX_STALE_MS ?? 60000); // refuse all tokens past this without a sync

const jwks = createRemoteJWKSet(new URL(`${ISSUER}/.well-known/jwks.json`));
const revoked = new Map();     // jti -> exp (seconds)
const watermarks = new Map();  // sub -> { notBefore, exp } (seconds)
let cursor = null;
let syncedAt = 0;              // when the feed last answered in full; 0 = never: every token is refused
let signalReady;
const readyPromise = new Promise((resolve) => { signalReady = resolve; });

async function readFeed() {
  for (let page = 0; page < 100; page++) {   // pages of up to 1000 entries: read until one is empty
    const url = new URL(`${ISSUER}/auth/revocations`);
    if (cursor !== null) url.searchParams.set("since", cursor);
    const r = await fetch(url, { headers: { Authorization: `Basic ${CLIENT}` }, signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`revocation feed answered ${r.status}`);
    const feed = await r.json();
    for (const t of feed.revoked_tokens) revoked.set(t.jti, t.exp);
    for (const w of feed.account_watermarks) {
      const old = watermarks.get(w.sub);
      watermarks.set(w.sub, { notBefore: Math.max(w.not_before, old?.notBefore ?? 0), exp: Math.max(w.exp, old?.exp ?? 0) });
    }
    if (feed.next_cursor === cursor || feed.revoked_tokens.length + feed.account_watermarks.length === 0) break;
    cursor = feed.next_cursor;
  }
  syncedAt = Date.now();
  const now = Date.now() / 1000;             // an entry past its exp can no longer match a valid token
  for (const [jti, exp] of revoked) if (exp < now) revoked.delete(jti);
  for (const [sub, w] of watermarks) if (w.exp < now) watermarks.delete(sub);
}

async function poll(failures = 0) {
  try {
    await readFeed();
    failures = 0;
    signalReady();
  } catch (e) {
    failures++;
    console.error(`gatehouse revocation feed: ${e.message}; retry ${failures}`);
  }
  const delay = failures === 0 ? POLL_MS : Math.min(POLL_MS * 2 ** failures, MAX_BACKOFF_MS);
  setTimeout(() => poll(failures), delay);
}
poll();

/** Resolves after the first successful read of the feed: start serving requests after it. */
export function ready() {
  return readyPromise;
}

/** The token's claims, or an error: bad token, revoked, or revocations not known (fails closed). */
export async function verify(token) {
  if (syncedAt === 0 || Date.now() - syncedAt > MAX_STALE_MS) throw new Error("revocations not synchronised");
  const { payload } = await jwtVerify(token, jwks, {
    issuer: ISSUER, audience: AUDIENCE, typ: "at+jwt", algorithms: ["RS256"] });
  if (revoked.has(payload.jti) || payload.iat < (watermarks.get(payload.sub)?.notBefore ?? 0)) throw new Error("revoked");
  return payload;
}

/** How many entries are held (for metrics): both shrink as entries pass their exp. */
export function size() {
  return { revoked: revoked.size, watermarks: watermarks.size };
}
