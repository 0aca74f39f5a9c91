// The app under test: an Express backend with a login page. Sign in with Riffyn (password, then the
// authenticator code in <mfa-challenge>), then connect a bank with Belvo (its QR code in the same
// element); or, with the app's own password, approve the sign-in on the phone (OneLogin Protect).
// mfa-flows/server at /mfa holds the provider keys; the page holds none. The tests in this folder
// start it against mfa-flows/testing's sandbox; in production `providers` points at the real APIs.
import express from "express";
import { randomBytes } from "node:crypto";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMfaProxy } from "mfa-flows/server";

const USERS = { alice: { password: "alice-app-password", oneloginUserId: 1001 } }; // your user table

/** providers: { riffyn: { baseUrl }, belvo: { baseUrl, secretId, secretPassword }, onelogin: { baseUrl, clientId, clientSecret } } */
export function createApp(providers) {
  const sessions = new Map(); // session id → { user, via, riffynUser, pendingUser, oneloginUserId, links }
  const app = express();

  // Your session middleware (express-session or similar); every visitor gets one, before sign-in.
  app.use((req, res, next) => {
    let sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (!sid || !sessions.has(sid)) {
      sid = randomBytes(24).toString("base64url");
      sessions.set(sid, { user: null, via: null, riffynUser: null, pendingUser: null, oneloginUserId: null, links: new Set() });
      res.cookie("sid", sid, { httpOnly: true, sameSite: "strict", secure: process.env.NODE_ENV === "production" });
    }
    req.sid = sid;
    req.session = sessions.get(sid);
    next();
  });

  app.use(createMfaProxy({
    basePath: "/mfa",
    ...providers,
    subject: (req) => req.sid, // who is asking: the session, which exists before sign-in
    authorize(op, req) {
      if (op.provider === "riffyn") return true; // the login is its own proof
      if (op.provider === "onelogin") return op.userId === req.session.oneloginUserId;
      // Belvo: signed-in users only, and only the links this session created.
      if (!req.session.user) return false;
      return op.name === "belvo.registerLink" || req.session.links.has(op.link);
    },
    onResult(result, req) {
      const { operation: op, outcome } = result;
      const session = req.session;
      if (op.name === "riffyn.login" && outcome !== "failed") session.riffynUser = op.username;
      if (op.name === "riffyn.verify" && outcome === "verified") Object.assign(session, { user: session.riffynUser, via: "riffyn totp" });
      if (op.name === "onelogin.verifyFactor" && outcome === "verified") {
        Object.assign(session, { user: session.pendingUser, via: `onelogin ${op.factorKind}` });
      }
      if (op.provider === "belvo" && result.link && outcome !== "failed") session.links.add(result.link);
    },
  }).node);

  // The app's own password step before a OneLogin push (mounted after the proxy: it parses JSON).
  app.post("/login", express.json(), (req, res) => {
    const user = USERS[req.body?.username];
    if (!user || user.password !== req.body.password) return res.status(401).json({ error: "invalid_credentials" });
    Object.assign(req.session, { pendingUser: req.body.username, oneloginUserId: user.oneloginUserId });
    res.json({ oneloginUserId: user.oneloginUserId });
  });
  // What the backend itself knows: it learned each outcome from the provider (onResult), not the page.
  app.get("/me", (req, res) => res.json({ user: req.session.user, via: req.session.via, links: [...req.session.links] }));

  // The page, and the package's browser modules for its import map (a bundler would do this instead).
  app.use("/vendor/mfa-flows", express.static(dirname(fileURLToPath(import.meta.resolve("mfa-flows/package.json")))));
  app.use(express.static(fileURLToPath(new URL("./public/", import.meta.url))));
  return app;
}

// Run it: PORT=3000 RIFFYN_URL=… BELVO_URL=… … node app.mjs (against `npx mfa-flows-sandbox --port 4010`:
// SANDBOX_URL=http://127.0.0.1:4010 node app.mjs).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sandbox = process.env.SANDBOX_URL ?? "http://127.0.0.1:4010";
  const app = createApp({
    riffyn: { baseUrl: process.env.RIFFYN_URL ?? `${sandbox}/riffyn/v1` },
    belvo: { baseUrl: process.env.BELVO_URL ?? `${sandbox}/belvo`, secretId: process.env.BELVO_SECRET_ID ?? "sbx-secret-id", secretPassword: process.env.BELVO_SECRET_PASSWORD ?? "sbx-secret-password" },
    onelogin: { baseUrl: process.env.ONELOGIN_URL ?? `${sandbox}/onelogin`, clientId: process.env.ONELOGIN_CLIENT_ID ?? "sbx-client-id", clientSecret: process.env.ONELOGIN_CLIENT_SECRET ?? "sbx-client-secret" },
  });
  const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
}
