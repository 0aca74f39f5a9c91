// mfa-flows/server on a Fetch-API server: the same file runs on Deno and on Bun.
//
//   deno run --allow-net --allow-env --allow-read examples/proxy/fetch.mjs
//   bun examples/proxy/fetch.mjs
//   (SANDBOX_URL and PORT as for the other examples)
//
// `handle(request)` answers everything under /mfa; the app's own routes come first.
import { createMfaProxy } from "mfa-flows/server";

const env = (name, fallback) => globalThis.process?.env?.[name] ?? fallback;
const SANDBOX = env("SANDBOX_URL", "http://127.0.0.1:4010");
const USERS = { alice: { password: "alice-app-password", oneloginUserId: 1001 } }; // your user table
const sessions = new Map(); // session id → { user, oneloginUserId, links }

const sessionOf = (request) => sessions.get(/(?:^|;\s*)sid=([\w-]+)/.exec(request.headers.get("cookie") ?? "")?.[1]);

const proxy = createMfaProxy({
  basePath: "/mfa",
  riffyn: { baseUrl: `${SANDBOX}/riffyn/v1` },
  belvo: { baseUrl: `${SANDBOX}/belvo`, secretId: env("BELVO_SECRET_ID", "sbx-secret-id"), secretPassword: env("BELVO_SECRET_PASSWORD", "sbx-secret-password") },
  onelogin: { baseUrl: `${SANDBOX}/onelogin`, clientId: env("ONELOGIN_CLIENT_ID", "sbx-client-id"), clientSecret: env("ONELOGIN_CLIENT_SECRET", "sbx-client-secret") },
  // Who is asking: the session id; the guard binds each handle to it. No session: "" (403).
  subject: (request) => /(?:^|;\s*)sid=([\w-]+)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? "",
  authorize(op, request) {
    const session = sessionOf(request);
    if (!session) return false;
    if (op.provider === "onelogin") return op.userId === session.oneloginUserId;
    if (op.provider === "belvo") return op.name === "belvo.registerLink" || session.links.has(op.link);
    return true;
  },
  onResult(result, request) {
    const session = sessionOf(request);
    if (session && result.link && result.outcome !== "failed") session.links.add(result.link);
    if (result.outcome === "verified") console.log(`verified: ${session?.user} ${result.operation.name}`);
  },
});

async function app(request) {
  const url = new URL(request.url);
  if (request.method === "POST" && url.pathname === "/login") {
    const { username, password } = await request.json().catch(() => ({}));
    const user = USERS[username];
    if (!user || user.password !== password) return Response.json({ error: "invalid_credentials" }, { status: 401 });
    const sid = crypto.randomUUID();
    sessions.set(sid, { user: username, oneloginUserId: user.oneloginUserId, links: new Set() });
    return new Response(null, { status: 204, headers: { "set-cookie": `sid=${sid}; Path=/; HttpOnly; Secure; SameSite=Strict` } });
  }
  return proxy.handle(request); // 404 outside /mfa
}

const port = Number(env("PORT", 3000));
const listening = (p) => console.log(`listening on http://127.0.0.1:${p}`);
if (globalThis.Deno) {
  Deno.serve({ port, hostname: "127.0.0.1", onListen: ({ port: p }) => listening(p) }, app);
} else if (globalThis.Bun) {
  listening(Bun.serve({ port, hostname: "127.0.0.1", fetch: app }).port);
} else {
  throw new Error("run this file with deno or bun (node: see node-http.mjs)");
}
