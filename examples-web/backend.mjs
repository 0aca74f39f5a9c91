// The demo's backend: serves the page and puts mfa-flows/server at /mfa in front of the sandbox,
// with a cookie session that knows which OneLogin user is signed in. The page holds no key: the
// Belvo keys and the OneLogin API credentials live here. `/_sandbox/…` (the simulated phone and
// bank token device of the device panel) is passed to the sandbox as it is: demo only.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { createMfaProxy } from "mfa-flows/server";
import { serveStatic } from "../sandbox/static.mjs";

/** The demo app's users: a OneLogin user id each (the sandbox's alice and bob). */
export const DEMO_USERS = { 1001: "alice", 1002: "bob" };
const COOKIE = "demo_sid";
const MAX_LEARNED = 6;
/** `ms` as m:ss. */
const clock = (ms) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * Starts the backend; resolves { url, close() }. `limits`: the guard's, over its defaults (the
 * demo's tests push and reuse codes faster than a person would).
 */
export async function startDemoBackend({ sandboxUrl, port = 0, host = "127.0.0.1", root, limits = {} }) {
  // The guard's wrong-code limit, shown in the device panel ("5 wrong codes: locked for 14:59").
  const LIMITS = { codesPerHandle: 5, ...limits };
  const sessions = new Map(); // sid → { csrf, oneloginUserId, links, learned }
  let learnedCount = 0;
  const sessionOf = (req) => {
    const sid = /(?:^|;\s*)demo_sid=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? "")?.[1];
    return sid ? sessions.get(sid) : undefined;
  };

  const proxy = createMfaProxy({
    basePath: "/mfa",
    riffyn: { baseUrl: `${sandboxUrl}/riffyn/v1` },
    belvo: { baseUrl: `${sandboxUrl}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" },
    onelogin: { baseUrl: `${sandboxUrl}/onelogin`, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" },
    // The page may remove its own user's factors; a temporary MFA token stays refused.
    allow: ["riffyn.login", "riffyn.verify", "belvo.registerLink", "belvo.retrieve", "belvo.resume",
      "onelogin.availableFactors", "onelogin.enrolledFactors", "onelogin.enrollFactor",
      "onelogin.activateFactor", "onelogin.verifyFactor", "onelogin.removeFactor"],
    // Who is asking: the cookie's session id. The guard binds each stateToken, Belvo session and
    // OneLogin trigger to it, counts wrong codes per session and throttles pushes per device.
    subject: (req) => /(?:^|;\s*)demo_sid=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "",
    limits: LIMITS,
    authorize(op, req) {
      const session = sessionOf(req);
      // A session of this app, and its CSRF token in a header another site cannot set.
      if (!session || req.headers["x-csrf-token"] !== session.csrf) return false;
      if (op.provider === "onelogin") return op.userId === session.oneloginUserId;
      if (op.provider === "belvo") return op.name === "belvo.registerLink" || session.links.has(op.link);
      return true; // Riffyn: the login is itself the proof
    },
    onResult(result, req) {
      const session = sessionOf(req);
      if (!session) return;
      const { operation: op, outcome, code } = result;
      if (result.link && outcome !== "failed") session.links.add(result.link);
      // Riffyn's verify carries no username: the session remembers whose password was right.
      if (op.name === "riffyn.login" && outcome !== "failed") session.riffynUser = op.username;
      // Each line is an id of the page's dictionary (examples-web/app/words.js, `learned.*` and
      // `who.*`) with its parameters: the page words it in the language it shows.
      const who = op.provider === "onelogin" ? { key: "who.onelogin", params: { user: op.userId } }
        : op.provider === "riffyn" ? { key: "who.riffyn", params: { user: op.username ?? session.riffynUser } }
        : result.link ? { key: "who.belvo", params: { link: result.link } } : { key: "who.belvo.new", params: {} };
      let line = null;
      // What the guard refused, with the wait it asks for (NIST SP 800-63B §10: say how long).
      const wait = result.retryAfterMs === undefined ? "" : clock(result.retryAfterMs);
      if (result.guard === "limit_reached" && op.name === "onelogin.activateFactor") line = ["learned.push_limit", { wait }];
      else if (result.guard === "limit_reached") line = ["learned.code_limit", { count: LIMITS.codesPerHandle, wait }];
      else if (result.guard === "handle_not_bound") line = ["learned.not_bound"];
      else if (result.guard === "code_reused") line = ["learned.reused"];
      else if (result.guard === "store_unavailable") line = ["learned.store"];
      else if (outcome === "verified" && op.name === "onelogin.verifyFactor") line = ["learned.verified_by", { factor: op.factorKind }];
      else if (outcome === "verified" && op.provider === "riffyn") line = ["learned.signed_in"];
      else if (outcome === "verified" && op.name !== "belvo.retrieve") line = ["learned.connected", { institution: op.institution ?? "" }];
      else if (outcome === "failed" && ["riffyn.verify", "belvo.resume", "onelogin.verifyFactor"].includes(op.name)) {
        line = ["learned.failed", { code }];
      }
      if (line) {
        const entry = { id: ++learnedCount, key: line[0], params: { ...line[1], who } };
        session.learned = [entry, ...session.learned].slice(0, MAX_LEARNED);
      }
    },
  });

  /** The demo's own session API: GET opens one (cookie), POST switches the OneLogin user. */
  async function sessionApi(req, res) {
    let session = sessionOf(req);
    const headers = { "content-type": "application/json", "cache-control": "no-store" };
    if (!session) {
      const sid = randomBytes(18).toString("base64url");
      session = { csrf: randomBytes(18).toString("base64url"), oneloginUserId: 1001, links: new Set(), learned: [] };
      sessions.set(sid, session);
      headers["set-cookie"] = `${COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Strict`;
    }
    if (req.method === "POST") {
      if (req.headers["x-csrf-token"] !== session.csrf) return reply(res, 403, headers, { error: "forbidden" });
      let text = "";
      for await (const chunk of req) text += chunk;
      const id = Number(JSON.parse(text || "{}").oneloginUserId);
      if (!DEMO_USERS[id]) return reply(res, 400, headers, { error: "unknown user" });
      session.oneloginUserId = id;
    }
    reply(res, 200, headers, { csrf: session.csrf, oneloginUserId: session.oneloginUserId, learned: session.learned });
  }

  /** Belvo's institution list, fetched with the backend's keys (no client call covers it). */
  async function institutions(res) {
    const upstream = await fetch(`${sandboxUrl}/belvo/api/institutions/`, {
      headers: { authorization: `Basic ${Buffer.from("sbx-secret-id:sbx-secret-password").toString("base64")}` },
      redirect: "manual",
    });
    const body = upstream.ok ? await upstream.text() : JSON.stringify({ results: [] });
    reply(res, 200, { "content-type": "application/json", "cache-control": "no-store" }, JSON.parse(body));
  }

  async function passToSandbox(req, res) {
    let body = "";
    for await (const chunk of req) body += chunk;
    const upstream = await fetch(`${sandboxUrl}${req.url}`, {
      method: req.method,
      headers: req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {},
      body: body === "" ? undefined : body,
      redirect: "manual",
    });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain", "cache-control": "no-store" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  const server = createServer((req, res) => {
    const path = req.url.split("?")[0];
    const fail = () => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    };
    if (path === "/demo/session") return sessionApi(req, res).catch(fail);
    if (path === "/demo/institutions") return institutions(res).catch(fail);
    if (path.startsWith("/_sandbox/")) return passToSandbox(req, res).catch(fail);
    proxy.node(req, res, () => serveStatic(req, res, root, path).catch(fail));
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      done();
    });
  });
  return {
    url: `http://${host}:${server.address().port}`,
    close: () => new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

function reply(res, status, headers, body) {
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}
