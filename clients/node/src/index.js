// gatehouse-verifier: verify Gatehouse access tokens offline and honour its revocation feed.
// ESM source; src/index.cjs re-exports it for require() (Node >= 20.19 loads ES modules from CommonJS).
import { jwtVerify, importJWK, decodeProtectedHeader } from "jose";

const FORBIDDEN_HEADERS = ["jku", "x5u", "jwk", "x5c", "crit"];
const MAX_TOKEN = 8192;
const MAX_PAGES = 1000;
const MAX_JWKS_AGE_MS = 24 * 3600 * 1000;

/** A refused token. `reason`: "invalid" | "revoked" (answer 401) | "unavailable" (503: revocations not known). */
export class TokenRejectedError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = "TokenRejectedError";
    this.reason = reason;
    this.status = reason === "unavailable" ? 503 : 401;
  }
}

const invalid = (message) => new TokenRejectedError("invalid", message);

function maxAgeMs(headers, fallback) {
  const cc = (headers.get("cache-control") ?? "").toLowerCase();
  if (cc.includes("no-store") || cc.includes("no-cache")) return 0;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cc);
  return m ? Math.min(Number(m[1]) * 1000, MAX_JWKS_AGE_MS) : fallback;
}

/** Creates a verifier; call start() (polls the feed in the background) and await ready() before serving. */
/** The algorithms Gatehouse signs with (GATEHOUSE_KEYS_ALGORITHMS chooses among them). */
export const DEFAULT_ALGORITHMS = Object.freeze(["RS256", "PS256", "ES256", "EdDSA"]);

export function createVerifier(options) {
  return new Verifier(options);
}

export class Verifier {
  constructor({
    issuer,                         // Gatehouse's public URL, exactly as its tokens' iss
    clientId, clientSecret,         // the service client that reads the feed (GATEHOUSE_TOKEN_SERVICE_CLIENTS)
    audience = "gatehouse",
    algorithms = DEFAULT_ALGORITHMS, // each token still only under its key's own published alg
    clockSkewSec = 30,              // at most 60
    pollIntervalMs = 5000,
    maxBackoffMs = 60000,
    timeoutMs = 5000,
    failOpenForMs = 0,              // 0: fail closed; else keep answering from the last state this long after the last success
    defaultJwksMaxAgeMs = 300000,   // when the JWKS has no Cache-Control max-age
    unknownKidRefetchMs = 30000,    // least time between JWKS fetches caused by an unknown kid (and retries after a failed fetch)
    now = Date.now,                 // the clock (tests move it)
    fetch = globalThis.fetch,
    onError = (e) => console.error(`gatehouse revocation feed: ${e.message}`),
  } = {}) {
    if (!issuer) throw new TypeError("issuer is required");
    if (!clientId || !clientSecret) throw new TypeError("clientId and clientSecret are required: without the feed revoked tokens would pass");
    for (const a of algorithms) {
      if (/^(none|hs)/i.test(a)) throw new TypeError(`${a} cannot verify tokens signed by a public key`);
    }
    if (!(clockSkewSec >= 0 && clockSkewSec <= 60)) throw new TypeError("clockSkewSec must be between 0 and 60");
    Object.assign(this, { issuer, audience, algorithms, clockSkewSec, pollIntervalMs, maxBackoffMs, timeoutMs,
      failOpenForMs, defaultJwksMaxAgeMs, unknownKidRefetchMs, now, fetch, onError });
    this.base = issuer.replace(/\/+$/, "");
    this.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    // Fail closed also once a poll is overdue (a stuck poller): two intervals, the jitter and one timeout.
    this.staleAfterMs = 2 * pollIntervalMs + timeoutMs + 1000;
    this.revoked = new Map();        // jti -> exp (s)
    this.watermarks = new Map();     // sub -> { notBefore, exp } (s)
    this.cursor = null;
    this.lastSuccess = -1;
    this.lastPollFailed = false;
    this.lastError = null;
    this.consecutiveFailures = 0;
    this.polls = 0;
    this.failures = 0;
    this.keys = new Map();           // kid -> jwk
    this.imported = new Map();       // kid + alg -> CryptoKey
    this.jwksUri = null;
    this.jwksEtag = null;
    this.jwksFreshUntil = 0;
    this.lastJwksFetch = -Infinity;
    this.jwksFetches = 0;
    this.jwksFailures = 0;
    this.jwksInFlight = null;
    this.timer = null;
    this.closed = false;
    this.readyPromise = new Promise((resolve) => { this.signalReady = resolve; });
  }

  /** Starts polling the feed (the first read at once). Returns this. */
  start() {
    if (!this.timer && !this.closed) this.#loop();
    return this;
  }

  /** Resolves once the feed has been read in full (tokens are refused before). */
  ready() {
    return this.readyPromise;
  }

  async #loop() {
    let delay;
    try {
      await this.pollNow();
      const jitter = this.pollIntervalMs / 10;
      delay = this.pollIntervalMs + (Math.random() * 2 - 1) * jitter;
    } catch (e) {
      this.onError(e);
      const cap = Math.min(this.maxBackoffMs, this.pollIntervalMs * 2 ** Math.min(this.consecutiveFailures, 20));
      delay = Math.max(this.pollIntervalMs / 10, cap / 2 + Math.random() * cap / 2);   // backoff, full jitter
    }
    if (this.closed) return;
    this.timer = setTimeout(() => this.#loop(), delay);
    this.timer.unref?.();
  }

  async #get(url, headers = {}) {
    return this.fetch(url, { headers: { Accept: "application/json", ...headers }, redirect: "error",
      signal: AbortSignal.timeout(this.timeoutMs) });
  }

  /** Reads the feed to its end now (what the poller does each interval); throws when a page fails. */
  async pollNow() {
    this.polls++;
    try {
      let c = this.cursor;
      for (let page = 0; page < MAX_PAGES; page++) {
        const url = new URL(`${this.base}/auth/revocations`);
        if (c !== null) url.searchParams.set("since", c);
        const r = await this.#get(url, { Authorization: this.authorization });
        if (r.status !== 200) throw new Error(`revocation feed answered ${r.status}`);
        const next = this.#apply(await r.json());
        if (next === c) break;       // the last page leaves the cursor where it was
        c = next;
      }
      this.cursor = c;
      this.lastSuccess = this.now();
      this.lastPollFailed = false;
      this.lastError = null;
      this.consecutiveFailures = 0;
      this.prune();
      this.signalReady();
    } catch (e) {
      this.failures++;
      this.consecutiveFailures++;
      this.lastPollFailed = true;
      this.lastError = e.name === "TimeoutError" ? `timeout after ${this.timeoutMs} ms` : e.message;
      throw new Error(this.lastError);
    }
  }

  #apply(feed) {
    if (typeof feed?.next_cursor !== "string" || !Array.isArray(feed.revoked_tokens) || !Array.isArray(feed.account_watermarks)) {
      throw new Error("revocation feed has an unexpected shape");
    }
    const now = this.now() / 1000;
    for (const t of feed.revoked_tokens) {
      if (typeof t?.jti === "string" && Number.isFinite(t.exp) && t.exp + this.clockSkewSec >= now) {
        this.revoked.set(t.jti, Math.max(t.exp, this.revoked.get(t.jti) ?? 0));
      }
    }
    for (const w of feed.account_watermarks) {
      if (typeof w?.sub === "string" && Number.isFinite(w.not_before) && Number.isFinite(w.exp) && w.exp + this.clockSkewSec >= now) {
        const old = this.watermarks.get(w.sub);
        this.watermarks.set(w.sub, { notBefore: Math.max(w.not_before, old?.notBefore ?? 0), exp: Math.max(w.exp, old?.exp ?? 0) });
      }
    }
    return feed.next_cursor;
  }

  /** Drops entries whose exp + skew has passed: no token they could match is still accepted. */
  prune() {
    const now = this.now() / 1000;
    for (const [jti, exp] of this.revoked) if (exp + this.clockSkewSec < now) this.revoked.delete(jti);
    for (const [sub, w] of this.watermarks) if (w.exp + this.clockSkewSec < now) this.watermarks.delete(sub);
  }

  /** null when the revocation state may be used now, else why not. */
  unusableReason() {
    if (this.lastSuccess < 0) return "revocations not synchronised";
    const age = this.now() - this.lastSuccess;
    if (this.failOpenForMs === 0) {
      if (this.lastPollFailed || age > this.staleAfterMs) return "revocation feed unreachable";
    } else if (age > Math.max(this.failOpenForMs, this.staleAfterMs)) {
      return `revocation feed unreachable for longer than ${this.failOpenForMs} ms`;
    }
    return null;
  }

  async #discover() {
    const r = await this.#get(`${this.base}/.well-known/openid-configuration`);
    if (r.status !== 200) throw new Error(`discovery answered ${r.status}`);
    const doc = await r.json();
    if (doc.issuer !== this.issuer) throw new Error("discovery names another issuer");
    if (typeof doc.jwks_uri !== "string" || !/^https?:\/\//.test(doc.jwks_uri)) throw new Error("discovery has no jwks_uri");
    return doc.jwks_uri;
  }

  async #refreshJwks(now) {
    this.lastJwksFetch = now;
    this.jwksFetches++;
    // Until an attempt succeeds: known keys are served, the next try 1 s, 2 s, 4 s … later, at most the unknown-kid interval.
    this.jwksFreshUntil = now + Math.min(this.unknownKidRefetchMs, 1000 * 2 ** Math.min(this.jwksFailures, 16));
    this.jwksFailures++;
    try {
      this.jwksUri ??= await this.#discover();
      const headers = { Accept: "application/jwk-set+json, application/json" };
      if (this.jwksEtag && this.keys.size > 0) headers["If-None-Match"] = this.jwksEtag;
      const r = await this.#get(this.jwksUri, headers);
      if (r.status === 304) {
        this.jwksFreshUntil = now + maxAgeMs(r.headers, this.defaultJwksMaxAgeMs);
        this.jwksFailures = 0;
        return;
      }
      if (r.status !== 200) return;
      const set = await r.json();
      const next = new Map();
      for (const k of Array.isArray(set?.keys) ? set.keys : []) {
        if (typeof k?.kid !== "string" || (k.use !== undefined && k.use !== "sig")) continue;
        const { d, p, q, dp, dq, qi, k: secret, ...pub } = k;   // only ever the public part
        if (secret !== undefined || pub.kty === "oct") continue;
        next.set(k.kid, pub);
      }
      this.keys = next;
      this.imported.clear();
      this.jwksEtag = r.headers.get("etag");
      this.jwksFreshUntil = now + maxAgeMs(r.headers, this.defaultJwksMaxAgeMs);
      this.jwksFailures = 0;
    } catch {
      // keep the keys already known; the next unknown kid or expiry after the interval retries
    }
  }

  async #key(kid, alg) {
    const now = this.now();
    const sinceLast = now - this.lastJwksFetch;
    if (this.keys.has(kid)) {
      // Known key past max-age: served at once, the set refetched in the background (a slow or down
      // issuer never stalls requests for known keys).
      if (now >= this.jwksFreshUntil && sinceLast >= 1000 && !this.jwksInFlight) {
        this.jwksInFlight = this.#refreshJwks(now).finally(() => { this.jwksInFlight = null; });
      }
    } else if ((now >= this.jwksFreshUntil && sinceLast >= 1000) || sinceLast >= this.unknownKidRefetchMs) {
      // Unknown kid: wait for a refetch, at most once per unknownKidRefetchMs unless the set is past max-age
      // (junk kids cannot flood the issuer). A failed fetch keeps the known keys.
      this.jwksInFlight ??= this.#refreshJwks(now).finally(() => { this.jwksInFlight = null; });
      await this.jwksInFlight;
    } else if (this.jwksInFlight) {
      await this.jwksInFlight;
    }
    const jwk = this.keys.get(kid);
    if (!jwk) throw invalid("unknown kid");
    if (jwk.alg !== undefined && jwk.alg !== alg) throw invalid("key is for another alg");
    const id = `${kid}\u0000${alg}`;
    let key = this.imported.get(id);
    if (!key) {
      try {
        key = await importJWK(jwk, alg);
      } catch {
        throw invalid("key does not fit alg");
      }
      this.imported.set(id, key);
    }
    return key;
  }

  /** Loads discovery and the JWKS now (optional: the first token does it otherwise). */
  async loadKeys() {
    await this.#refreshJwks(this.now());
    if (this.keys.size === 0) throw new Error("could not read the issuer's keys");
  }

  /**
   * The token's claims, or a TokenRejectedError. Person tokens: sub = account id, sid; machine
   * clients (client credentials): sub = client id, client_id, no sid. Never calls Gatehouse except
   * to refetch keys (rate-limited).
   */
  async verify(token) {
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN) throw invalid("missing or oversized token");
    const parts = token.split(".");
    if (parts.length !== 3 || parts[2] === "") throw invalid("not a signed compact JWT");
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw invalid("not a signed compact JWT");
    }
    for (const h of FORBIDDEN_HEADERS) if (h in header) throw invalid(`header ${h} is not accepted`);
    if (typeof header.alg !== "string" || !this.algorithms.includes(header.alg)) throw invalid("alg is not accepted");
    if (typeof header.typ !== "string" || !/^(application\/)?at\+jwt$/i.test(header.typ)) throw invalid("typ is not at+jwt");
    if (typeof header.kid !== "string") throw invalid("no kid");
    const key = await this.#key(header.kid, header.alg);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        // Exactly the alg checked against the key above (the key's published one), not the whole list.
        issuer: this.issuer, audience: this.audience, algorithms: [header.alg], typ: "at+jwt",
        clockTolerance: this.clockSkewSec, currentDate: new Date(this.now()),
        requiredClaims: ["exp", "iat", "sub", "jti"] }));
    } catch (e) {
      // jose's messages do not quote the token; the code says which check failed.
      throw invalid(`does not verify (${e.code ?? "error"})`);
    }
    if (payload.iat > this.now() / 1000 + this.clockSkewSec) throw invalid("issued in the future");
    const unusable = this.unusableReason();
    if (unusable) throw new TokenRejectedError("unavailable", unusable);
    if (this.revoked.has(payload.jti) || payload.iat < (this.watermarks.get(payload.sub)?.notBefore ?? -Infinity)) {
      throw new TokenRejectedError("revoked", "revoked");
    }
    return payload;
  }

  /** The feed's state for metrics and readiness: lag (ms since the last full read), sizes, failures. */
  stats() {
    const synced = this.lastSuccess >= 0;
    return {
      synced, usable: this.unusableReason() === null,
      lastSuccess: synced ? new Date(this.lastSuccess).toISOString() : null,
      lagMs: synced ? this.now() - this.lastSuccess : null,
      consecutiveFailures: this.consecutiveFailures, lastError: this.lastError, cursor: this.cursor,
      revokedTokens: this.revoked.size, accountWatermarks: this.watermarks.size,
      polls: this.polls, failures: this.failures, jwksFetches: this.jwksFetches,
    };
  }

  /** Stops polling. */
  close() {
    this.closed = true;
    clearTimeout(this.timer);
  }
}

/**
 * One request's outcome: { claims } to pass on, or { status, headers, body } to answer.
 * No bearer token → 401; bad or revoked → 401 invalid_token; revocations unknown → 503; a missing role → 403.
 */
export async function authorize(verifier, authorization, { roles = [] } = {}) {
  const challenge = 'Bearer realm="gatehouse"';
  if (typeof authorization !== "string" || !/^bearer /i.test(authorization)) {
    return { status: 401, headers: { "WWW-Authenticate": challenge }, body: { error: "invalid_request", error_description: "bearer token required" } };
  }
  try {
    const claims = await verifier.verify(authorization.slice(7).trim());
    const groups = Array.isArray(claims.groups) ? claims.groups : [];
    if (roles.length > 0 && !roles.some((r) => groups.includes(r))) {
      return { status: 403, headers: { "WWW-Authenticate": `${challenge}, error="insufficient_scope"` }, body: { error: "insufficient_scope" } };
    }
    return { claims };
  } catch (e) {
    if (e instanceof TokenRejectedError && e.reason === "unavailable") {
      return { status: 503, headers: { "Retry-After": "5" }, body: { error: "temporarily_unavailable", error_description: e.message } };
    }
    return { status: 401, headers: { "WWW-Authenticate": `${challenge}, error="invalid_token"` },
      body: { error: "invalid_token", error_description: e instanceof TokenRejectedError ? e.message : "invalid" } };
  }
}

/** Express middleware: sets req.auth (the claims) or answers 401/403/503. `roles`: any of them is enough. */
export function expressMiddleware(verifier, options = {}) {
  return (req, res, next) => {
    authorize(verifier, req.headers.authorization, options).then((o) => {
      if (o.claims) {
        req.auth = o.claims;
        next();
      } else {
        res.status(o.status).set(o.headers).json(o.body);
      }
    }, next);
  };
}

/** Fastify preHandler hook: sets request.auth (the claims) or answers 401/403/503. */
export function fastifyPreHandler(verifier, options = {}) {
  return async (request, reply) => {
    const o = await authorize(verifier, request.headers.authorization, options);
    if (o.claims) {
      request.auth = o.claims;
      return;
    }
    return reply.code(o.status).headers(o.headers).send(o.body);
  };
}
