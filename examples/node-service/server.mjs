// An Express resource service that verifies Gatehouse access tokens with gatehouse-verifier.
// Settings from the environment: GATEHOUSE_ISSUER, GATEHOUSE_CLIENT_ID, GATEHOUSE_CLIENT_SECRET,
// and optionally GATEHOUSE_POLL_MS, GATEHOUSE_FAIL_OPEN_MS (0: fail closed), PORT.
// GET /hello (any valid token), GET /admin (group admin), GET /stats (feed lag and sizes).
import express from "express";
// readme:start
import { createVerifier, expressMiddleware } from "gatehouse-verifier";

const verifier = createVerifier({
  issuer: process.env.GATEHOUSE_ISSUER,              // e.g. https://auth.example.com
  clientId: process.env.GATEHOUSE_CLIENT_ID,         // a service client: reads the revocation feed
  clientSecret: process.env.GATEHOUSE_CLIENT_SECRET,
  pollIntervalMs: Number(process.env.GATEHOUSE_POLL_MS ?? 5000),
  failOpenForMs: Number(process.env.GATEHOUSE_FAIL_OPEN_MS ?? 0),   // 0: fail closed
}).start();   // reads the feed now, then every poll interval; tokens are refused until the first read

const app = express();
app.get("/hello", expressMiddleware(verifier), (req, res) => res.json({ sub: req.auth.sub, jti: req.auth.jti }));
app.get("/admin", expressMiddleware(verifier, { roles: ["admin"] }), (req, res) => res.json({ sub: req.auth.sub }));
// readme:end
app.get("/stats", (req, res) => res.json(verifier.stats()));

// Not waiting for `await verifier.ready()` before listening: the test checks that tokens are refused until the first read.
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => console.log(`listening ${server.address().port}`));
