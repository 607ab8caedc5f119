// Test harness for NodeVerifierIT: a resource server in front of verifier.mjs, on a free port.
// POST /verify (body: the token) → 200 claims, or 401 {error}; GET /size → the verifier's sizes.
import http from "node:http";
import { verify, size } from "./verifier.mjs";

const server = http.createServer(async (req, res) => {
  const reply = (status, body) => { res.writeHead(status, { "Content-Type": "application/json" }); res.end(JSON.stringify(body)); };
  if (req.method === "GET" && req.url === "/size") return reply(200, size());
  if (req.method !== "POST" || req.url !== "/verify") return reply(404, { error: "not found" });
  let token = "";
  for await (const chunk of req) token += chunk;
  try {
    reply(200, await verify(token.trim()));
  } catch (e) {
    reply(401, { error: e.message });
  }
});
// No `await ready()` before listening: the test checks that tokens are refused until the first sync.
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
