// OpenTelemetry in mfa-flows/server: with `@opentelemetry/api` registered (sdk-trace-base's
// in-memory exporter, an AsyncLocalStorage context manager as a host's SDK registers one), each
// proxied operation is a span `mfa.<operation>` under the host's server span, the upstream fetch
// (instrumented here as a host's fetch instrumentation would) its child; no span holds a secret;
// ids only with `telemetry: { ids: true }`. And the proxy works where the package cannot resolve.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { spawnSync } from "node:child_process";
import { trace, context, ROOT_CONTEXT, SpanKind } from "@opentelemetry/api";
import { BasicTracerProvider, SimpleSpanProcessor, InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { RiffynClient, BelvoClient, OneLoginClient, totp } from "mfa-flows";
import { createMfaProxy } from "mfa-flows/server";
import { sandbox, rejection } from "./helpers.mjs";
import { upstreams } from "./proxy-support.mjs";

/** The context manager a host's SDK registers (@opentelemetry/context-async-hooks' behaviour). */
class AsyncContextManager {
  #storage = new AsyncLocalStorage();
  active() { return this.#storage.getStore() ?? ROOT_CONTEXT; }
  with(ctx, fn, thisArg, ...args) { return this.#storage.run(ctx, () => fn.call(thisArg, ...args)); }
  bind(_ctx, target) { return target; }
  enable() { return this; }
  disable() { this.#storage.disable(); return this; }
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const host = trace.getTracer("host");
let sb;

before(async () => {
  context.setGlobalContextManager(new AsyncContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  sb = await sandbox();
});
after(async () => {
  trace.disable();
  context.disable();
  await sb?.close();
});
beforeEach(async () => {
  await sb.reset();
  exporter.reset();
});

/** A fetch as a host's instrumentation wraps it: a CLIENT span under whatever span is active. */
const instrumentedFetch = (url, init) => host.startActiveSpan(`HTTP ${init?.method ?? "GET"}`, { kind: SpanKind.CLIENT }, async (span) => {
  try {
    return await fetch(url, init);
  } finally {
    span.end();
  }
});

/** Clients whose requests reach `proxy.handle` inside a host SERVER span (as HTTP instrumentation makes one). */
function clientsOf(proxy) {
  const fetchFn = (url, init) => host.startActiveSpan("HTTP server", { kind: SpanKind.SERVER }, async (span) => {
    try {
      return await proxy.handle(new Request(url, init));
    } finally {
      span.end();
    }
  });
  const at = (p) => ({ baseUrl: `http://127.0.0.1:9/mfa/${p}`, fetch: fetchFn });
  return { riffyn: new RiffynClient(at("riffyn")), belvo: new BelvoClient(at("belvo")), onelogin: new OneLoginClient(at("onelogin")) };
}

/** The finished spans as a tree: each `mfa.*` span with its parent's name and its children's names. */
function tree() {
  const spans = exporter.getFinishedSpans();
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const parentOf = (s) => byId.get(s.parentSpanContext?.spanId);
  return spans.filter((s) => s.name.startsWith("mfa.")).map((s) => ({
    name: s.name,
    parent: parentOf(s)?.name,
    children: spans.filter((c) => parentOf(c) === s).map((c) => c.name),
    attributes: s.attributes,
    status: s.status,
  }));
}

const span = (operation, status, outcome, children = ["HTTP POST"], extra = {}) => ({
  name: `mfa.${operation}`,
  parent: "HTTP server",
  children,
  attributes: { "mfa.provider": operation.split(".")[0], "mfa.operation": operation, "http.response.status_code": status, "mfa.outcome": outcome, ...extra },
  status: extra["error.type"] ? { code: 2, message: extra["error.type"] } : { code: 0 },
});

/** Every secret the flows below handle; searched for in every span. */
const secrets = new Set(["correct-horse-battery", "sbx-secret-password", "sbx-client-secret", "full", "123456"]);
function assertNoSecret() {
  const texts = exporter.getFinishedSpans().flatMap((s) => [s.name, JSON.stringify(s.attributes), s.status.message ?? "",
    JSON.stringify(s.events), JSON.stringify(s.links)]);
  for (const secret of secrets) {
    const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64").replace(/=+$/, "")];
    for (const text of texts) for (const f of forms) assert.ok(!text.includes(f), `a span holds ${secret}: ${text}`);
  }
}

test("Riffyn: login and verify are spans under the host's server span, the upstream call their child", async () => {
  const proxy = createMfaProxy({ ...upstreams(sb.url), authorize: () => true, subject: () => "s", fetch: instrumentedFetch });
  const { riffyn } = clientsOf(proxy);
  const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
  secrets.add(step.stateToken);
  const input = { stateToken: step.stateToken, factorId: step.factors[0].id };
  const wrong = await rejection(riffyn.verify({ ...input, passCode: "000000" }));
  const code = totp("JBSWY3DPEHPK3PXP", { timestamp: (await sb.control("GET", "/clock")).now });
  secrets.add(code);
  const done = await riffyn.verify({ ...input, passCode: code });
  secrets.add(done.accessToken);
  assert.deepEqual(tree(), [
    // mfa.guard: what the guard did (the login's stateToken bound to the subject, each verify let through).
    span("riffyn.login", 200, "pending", undefined, { "mfa.guard": "bound" }),
    span("riffyn.verify", wrong.status, "failed", undefined, { "mfa.guard": "passed", "error.type": "invalid_code" }),
    span("riffyn.verify", 200, "verified", undefined, { "mfa.guard": "passed" }),
  ]);
  assertNoSecret();
});

test("Belvo: register (428), resume; no session, link or token in a span", async () => {
  const proxy = createMfaProxy({ ...upstreams(sb.url), authorize: () => true, subject: () => "s", fetch: instrumentedFetch });
  const { belvo } = clientsOf(proxy);
  const challenge = await belvo.registerLink({ institution: "numeric_mx_bank", username: "bnk100", password: "full" });
  secrets.add(challenge.session).add(challenge.link);
  const linked = await belvo.resume(challenge, { token: "123456" });
  assert.equal(linked.status, "SUCCESS");
  assert.deepEqual(tree(), [
    span("belvo.registerLink", 428, "pending", undefined, { "mfa.guard": "bound" }),
    span("belvo.resume", linked.httpStatus, "verified", ["HTTP PATCH"], { "mfa.guard": "passed" }),
  ]);
  assertNoSecret();
});

test("OneLogin: the token request nests under the first span; ids only with telemetry.ids", async () => {
  await sb.control("POST", "/push-mode", { mode: "auto", polls: 2 });
  for (const ids of [false, true]) {
    exporter.reset();
    const proxy = createMfaProxy({ ...upstreams(sb.url), authorize: () => true, subject: () => "s", fetch: instrumentedFetch, telemetry: { ids } });
    const { onelogin } = clientsOf(proxy);
    const activation = await onelogin.activateFactor(1001, 526001);
    secrets.add(activation.stateToken);
    assert.equal((await onelogin.waitForPush(1001, 526001, activation, { intervalMs: 500 })).status, "VERIFIED");
    const id = ids ? { "mfa.user_id": 1001, "mfa.device_id": 526001 } : {};
    const verify = (status, outcome) => span("onelogin.verifyFactor", status, outcome, undefined, { ...id, "mfa.guard": "passed" });
    assert.deepEqual(tree(), [
      // The OAuth2 token request is made inside the first operation's span.
      span("onelogin.activateFactor", 200, "pending", ["HTTP POST", "HTTP POST"], { ...id, "mfa.guard": "bound" }),
      verify(200, "pending"),
      verify(200, "verified"),
    ]);
  }
  const log = await sb.requests("onelogin");
  secrets.add(log.map((r) => r.headers.authorization ?? "").find((a) => a.startsWith("Bearer ")).slice(7));
  assertNoSecret();
});

test("a refused upstream (network) is a failed span with its code; a broken tracer changes no answer", async () => {
  const proxy = createMfaProxy({ riffyn: { baseUrl: "http://127.0.0.1:9/riffyn" }, authorize: () => true, subject: () => "s", fetch: instrumentedFetch });
  const { riffyn } = clientsOf(proxy);
  const e = await rejection(riffyn.login({ username: "alice", password: "correct-horse-battery" }));
  assert.equal(e.status, 502);
  assert.deepEqual(tree(), [span("riffyn.login", 502, "failed", undefined, { "error.type": "network" })]);
  const broken = { startSpan() { throw new Error("tracer broken"); } };
  const other = createMfaProxy({ ...upstreams(sb.url), authorize: () => true, subject: () => "s", telemetry: { tracer: broken } });
  assert.equal((await clientsOf(other).riffyn.login({ username: "bob", password: "hunter2-hunter2" })).status, "SUCCESS");
  assert.throws(() => createMfaProxy({ ...upstreams(sb.url), authorize: () => true, subject: () => "s", telemetry: { ids: "yes" } }), /telemetry\.ids/);
  assertNoSecret();
});

test("without @opentelemetry/api resolvable, the proxy (telemetry option included) works unchanged", () => {
  // A child process in which every `@opentelemetry/*` import fails, as in a project that never installed it.
  const hooks = `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, next) {
    if (s.startsWith("@opentelemetry/")) throw Object.assign(new Error("not installed: " + s), { code: "ERR_MODULE_NOT_FOUND" });
    return next(s, c);
  }`)}`;
  const script = `
    import { register } from "node:module";
    register(${JSON.stringify(hooks)});
    const { createMfaProxy } = await import("mfa-flows/server");
    const { RiffynClient } = await import("mfa-flows");
    const { startSandbox } = await import(${JSON.stringify(new URL("../sandbox/server.mjs", import.meta.url).href)});
    let resolvable = true;
    try { await import("@opentelemetry/api"); } catch { resolvable = false; }
    const sb = await startSandbox({ port: 0, quiet: true });
    const proxy = createMfaProxy({ riffyn: { baseUrl: sb.url + "/riffyn/v1" }, authorize: () => true, subject: () => "s", telemetry: { ids: true } });
    const riffyn = new RiffynClient({ baseUrl: "http://127.0.0.1:9/mfa/riffyn", fetch: (u, i) => proxy.handle(new Request(u, i)) });
    const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
    await sb.close();
    console.log(JSON.stringify({ resolvable, status: step.status, otel: Symbol.for("opentelemetry.js.api.1") in globalThis }));
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: new URL(".", import.meta.url), encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout.trim().split("\n").pop()), { resolvable: false, status: "MFA_REQUIRED", otel: false });
});
