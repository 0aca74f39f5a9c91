// mfa-flows/server behind a plain node:http server (no dependency). The page's clients use
// baseUrl "/mfa/riffyn", "/mfa/belvo", "/mfa/onelogin" and hold no key.
//
//   SANDBOX_URL=http://127.0.0.1:4010 PORT=3000 node examples/proxy/node-http.mjs
//
// The app's own sign-in (POST /login) stands in for yours: it sets a session cookie, and
// `authorize` lets a call through only for the user that cookie names.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { createMfaProxy } from "mfa-flows/server";

const SANDBOX = process.env.SANDBOX_URL ?? "http://127.0.0.1:4010";
const USERS = { alice: { password: "alice-app-password", oneloginUserId: 1001 } }; // your user table
const sessions = new Map(); // session id → { user, oneloginUserId, links }

const sessionOf = (req) => sessions.get(/(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1]);

const proxy = createMfaProxy({
  basePath: "/mfa",
  riffyn: { baseUrl: `${SANDBOX}/riffyn/v1` },
  belvo: { baseUrl: `${SANDBOX}/belvo`, secretId: process.env.BELVO_SECRET_ID ?? "sbx-secret-id", secretPassword: process.env.BELVO_SECRET_PASSWORD ?? "sbx-secret-password" },
  onelogin: { baseUrl: `${SANDBOX}/onelogin`, clientId: process.env.ONELOGIN_CLIENT_ID ?? "sbx-client-id", clientSecret: process.env.ONELOGIN_CLIENT_SECRET ?? "sbx-client-secret" },
  // Who is asking: the session id; the guard binds each handle to it. No session: "" (403).
  subject: (req) => /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "",
  authorize(op, req) {
    const session = sessionOf(req);
    if (!session) return false; // signed-in users only
    if (op.provider === "onelogin") return op.userId === session.oneloginUserId; // their own factors only
    if (op.provider === "belvo") return op.name === "belvo.registerLink" || session.links.has(op.link); // their own links only
    return true; // Riffyn: the login is the user's own
  },
  onResult(result, req) {
    const session = sessionOf(req);
    if (session && result.link && result.outcome !== "failed") session.links.add(result.link);
    // The provider said so, not the page: record it where your app decides who is verified.
    if (result.outcome === "verified") console.log(`verified: ${session?.user} ${result.operation.name}`);
  },
});

const server = createServer(async (req, res) => {
  if (req.method === "POST" && req.url === "/login") {
    let body = "";
    for await (const chunk of req) body += chunk;
    const { username, password } = JSON.parse(body || "{}");
    const user = USERS[username];
    if (!user || user.password !== password) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_credentials"}');
      return;
    }
    const sid = randomBytes(24).toString("base64url");
    sessions.set(sid, { user: username, oneloginUserId: user.oneloginUserId, links: new Set() });
    res.writeHead(204, { "set-cookie": `sid=${sid}; Path=/; HttpOnly; Secure; SameSite=Strict` }).end();
    return;
  }
  // Everything under /mfa goes to the proxy; the rest is your app's.
  proxy.node(req, res, () => res.writeHead(404).end());
});
server.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
