// Compiled by `tsc -p test/tsconfig.json` (npm test): the declared types fit how the package is used.
import { createVerifier, TokenRejectedError, expressMiddleware, fastifyPreHandler, type GatehouseClaims } from "gatehouse-verifier";

const verifier = createVerifier({ issuer: "https://auth.example.com", clientId: "svc", clientSecret: "s", failOpenForMs: 30000 }).start();

export async function check(token: string): Promise<string> {
  await verifier.ready();
  try {
    const claims: GatehouseClaims = await verifier.verify(token);
    const lag: number | null = verifier.stats().lagMs;
    return `${claims.sub} ${claims.client_id ?? claims.sid ?? ""} ${lag}`;
  } catch (e) {
    if (e instanceof TokenRejectedError) return `${e.status} ${e.reason}`;
    throw e;
  }
}

export const express = expressMiddleware(verifier, { roles: ["admin"] });
export const fastify = fastifyPreHandler(verifier);
