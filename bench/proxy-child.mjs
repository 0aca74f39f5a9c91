// One server of the proxy bench (proxy.mjs) in its own process: prints its URL, and stops when
// its stdin closes. Roles:
//   upstream          a minimal Riffyn: POST /auth → MFA_REQUIRED, POST …/verify → 401 (a wrong code)
//   relay UPSTREAM    the hand-written fetch relay a team would write without the SDK
//   relay-http UPSTREAM   the same relay on node:http with a keep-alive agent (a reference: the
//                     transport the proxy itself uses in Node)
//   memory UPSTREAM   createMfaProxy with memoryStore
//   redis UPSTREAM REDIS_URL   createMfaProxy with redisStore (node-redis)
import { createServer } from "node:http";

const [role, upstream, redisUrl] = process.argv.slice(2);
const MFA = JSON.stringify({ status: "MFA_REQUIRED", stateToken: "st-bench-0123456789abcdef", expiresAt: "2999-01-01T00:00:00Z",
  factors: [{ id: "uft1", factorType: "token:software:totp", provider: "GOOGLE" }] });
const WRONG = JSON.stringify({ error: "Invalid passCode" });

function body(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The relay's upstream call with fetch: resolves `{ status, text }`. */
async function fetchSend(path, headers, text) {
  const answer = await fetch(`${upstream}${path}`, { method: "POST", headers, body: text || undefined, redirect: "manual" });
  return { status: answer.status, text: await answer.text() };
}

/** The same with node:http and a keep-alive agent. */
async function httpSend() {
  const http = await import("node:http");
  const agent = new http.Agent({ keepAlive: true });
  const { hostname, port } = new URL(upstream);
  return (path, headers, text) => new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path, method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(text) }, agent }, (answer) => {
      const chunks = [];
      answer.on("data", (c) => chunks.push(c));
      answer.on("end", () => resolve({ status: answer.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
      answer.on("error", reject);
    });
    request.on("error", reject);
    request.end(text);
  });
}

let handler;
let close = async () => {};
if (role === "upstream") {
  handler = async (req, res) => {
    await body(req);
    const login = req.url === "/auth";
    res.writeHead(login ? 200 : 401, { "content-type": "application/json" });
    res.end(login ? MFA : WRONG);
  };
} else if (role === "relay" || role === "relay-http") {
  // What a careful hand-written relay does: only the two Riffyn paths, the body passed on as JSON,
  // the status and body passed back; no guard. `relay` sends with fetch, `relay-http` with node:http.
  const send = role === "relay" ? fetchSend : await httpSend();
  handler = async (req, res) => {
    const path = req.url.replace(/^\/mfa\/riffyn/, "");
    if (req.method !== "POST" || !/^\/auth(\/factor\/[\w-]+\/verify)?$/.test(path)) {
      res.writeHead(404).end();
      return;
    }
    const text = await body(req);
    const headers = { accept: "application/json" };
    if (text) headers["content-type"] = "application/json";
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const answer = await send(path, headers, text);
    res.writeHead(answer.status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(answer.text);
  };
} else {
  const { createMfaProxy, memoryStore, redisStore } = await import("mfa-flows/server");
  let store = memoryStore();
  if (role === "redis") {
    const { createClient } = await import("redis");
    const client = await createClient({ url: redisUrl, disableOfflineQueue: true }).on("error", () => {}).connect();
    store = redisStore(client, { key: "bench-key-bench-key-bench-key" });
    close = () => client.quit();
  }
  // Limits out of reach: every verify takes the whole guarded path (binding read, counters taken,
  // code claimed, then released as a wrong code).
  const big = 1_000_000_000;
  const proxy = createMfaProxy({
    riffyn: { baseUrl: upstream },
    authorize: () => true,
    subject: (req) => req.headers["x-session"] ?? "",
    limits: { codesPerHandle: big, failuresPerSubject: big, consecutiveFailuresPerUser: big },
    store,
  });
  handler = proxy.node;
}

// The bench reads this process's CPU time around each round (`GET /__cpu`).
const server = createServer((req, res) => {
  if (req.url === "/__cpu") return res.end(JSON.stringify(process.cpuUsage()));
  return handler(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${`http://127.0.0.1:${server.address().port}`}\n`));
process.stdin.on("end", async () => {
  server.close();
  server.closeAllConnections();
  await close().catch(() => {});
  process.exit(0);
});
process.stdin.resume();
