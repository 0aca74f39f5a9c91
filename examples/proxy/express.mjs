// mfa-flows/server as Express middleware. Mount it before body parsers (it reads the body
// itself, with its own size limit); everything outside /mfa goes on to your routes.
//
//   SANDBOX_URL=http://127.0.0.1:4010 PORT=3000 node examples/proxy/express.mjs
import express from "express";
import { randomBytes } from "node:crypto";
import { createMfaProxy } from "mfa-flows/server";

const SANDBOX = process.env.SANDBOX_URL ?? "http://127.0.0.1:4010";
const USERS = { alice: { password: "alice-app-password", oneloginUserId: 1001 } }; // your user table
const sessions = new Map(); // session id → { user, oneloginUserId, links }

const app = express();
// Your session middleware (express-session or similar) would set req.session; this one is tiny.
app.use((req, _res, next) => {
  req.session = sessions.get(/(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1]);
  next();
});

app.use(createMfaProxy({
  basePath: "/mfa",
  riffyn: { baseUrl: `${SANDBOX}/riffyn/v1` },
  belvo: { baseUrl: `${SANDBOX}/belvo`, secretId: process.env.BELVO_SECRET_ID ?? "sbx-secret-id", secretPassword: process.env.BELVO_SECRET_PASSWORD ?? "sbx-secret-password" },
  onelogin: { baseUrl: `${SANDBOX}/onelogin`, clientId: process.env.ONELOGIN_CLIENT_ID ?? "sbx-client-id", clientSecret: process.env.ONELOGIN_CLIENT_SECRET ?? "sbx-client-secret" },
  // Who is asking: the session id (the guard binds each stateToken / Belvo session / OneLogin
  // trigger to it and counts failed codes per session). No session: "" (answered 403).
  subject: (req) => /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "",
  // `req` is Express's request: whatever your middleware put on it is there.
  authorize(op, req) {
    if (!req.session) return false;
    if (op.provider === "onelogin") return op.userId === req.session.oneloginUserId;
    if (op.provider === "belvo") return op.name === "belvo.registerLink" || req.session.links.has(op.link);
    return true;
  },
  onResult(result, req) {
    if (req.session && result.link && result.outcome !== "failed") req.session.links.add(result.link);
    if (result.outcome === "verified") console.log(`verified: ${req.session?.user} ${result.operation.name}`);
  },
}).node);

app.post("/login", express.json(), (req, res) => {
  const user = USERS[req.body?.username];
  if (!user || user.password !== req.body.password) return res.status(401).json({ error: "invalid_credentials" });
  const sid = randomBytes(24).toString("base64url");
  sessions.set(sid, { user: req.body.username, oneloginUserId: user.oneloginUserId, links: new Set() });
  res.cookie("sid", sid, { httpOnly: true, secure: true, sameSite: "strict" }).status(204).end();
});

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
