import type { JWTPayload } from "jose";

/** The claims of an accepted Gatehouse access token. */
export interface GatehouseClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  scope?: string;
  groups?: string[];
  amr?: string[];
  /** Person tokens only; client-credentials tokens have none. */
  sid?: string;
  /** The client the token was issued to (client credentials: equal to sub). */
  client_id?: string;
}

export type RejectionReason = "invalid" | "revoked" | "unavailable";

export class TokenRejectedError extends Error {
  readonly reason: RejectionReason;
  /** 401 for "invalid" and "revoked", 503 for "unavailable". */
  readonly status: 401 | 503;
  constructor(reason: RejectionReason, message: string);
}

export interface VerifierOptions {
  /** Gatehouse's public URL, exactly as its tokens' iss. */
  issuer: string;
  /** The service client that reads the revocation feed. */
  clientId: string;
  clientSecret: string;
  /** Default "gatehouse". */
  audience?: string;
  /** Default ["RS256", "PS256", "ES256", "EdDSA"] (what Gatehouse signs with); each token only under its key's published alg; none and HMAC are refused. */
  algorithms?: string[];
  /** Default 30, at most 60. */
  clockSkewSec?: number;
  /** Default 5000. */
  pollIntervalMs?: number;
  /** Default 60000. */
  maxBackoffMs?: number;
  /** Default 5000. */
  timeoutMs?: number;
  /** 0 (default): fail closed. Else answer from the last state this long after the last successful poll. */
  failOpenForMs?: number;
  /** Default 300000. */
  defaultJwksMaxAgeMs?: number;
  /** Default 30000. */
  unknownKidRefetchMs?: number;
  /** The clock in epoch milliseconds (default Date.now). */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  onError?: (error: Error) => void;
}

export interface FeedStats {
  synced: boolean;
  usable: boolean;
  lastSuccess: string | null;
  /** Milliseconds since the feed last answered in full. */
  lagMs: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  cursor: string | null;
  revokedTokens: number;
  accountWatermarks: number;
  polls: number;
  failures: number;
  jwksFetches: number;
}

export class Verifier {
  constructor(options: VerifierOptions);
  start(): this;
  ready(): Promise<void>;
  pollNow(): Promise<void>;
  loadKeys(): Promise<void>;
  verify(token: string): Promise<GatehouseClaims>;
  stats(): FeedStats;
  close(): void;
}

export function createVerifier(options: VerifierOptions): Verifier;

export interface AuthorizeOptions {
  /** Any one of these groups is enough; empty: any valid token. */
  roles?: string[];
}

export type Outcome =
  | { claims: GatehouseClaims }
  | { status: 401 | 403 | 503; headers: Record<string, string>; body: { error: string; error_description?: string } };

export function authorize(verifier: Verifier, authorization: string | undefined, options?: AuthorizeOptions): Promise<Outcome>;

/** Express middleware; sets req.auth. */
export function expressMiddleware(verifier: Verifier, options?: AuthorizeOptions):
  (req: { headers: { authorization?: string }; auth?: GatehouseClaims }, res: any, next: (err?: unknown) => void) => void;

/** Fastify preHandler hook; sets request.auth. */
export function fastifyPreHandler(verifier: Verifier, options?: AuthorizeOptions):
  (request: { headers: { authorization?: string }; auth?: GatehouseClaims }, reply: any) => Promise<unknown>;
