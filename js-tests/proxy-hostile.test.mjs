// mfa-flows/server against hostile or failing upstreams on 127.0.0.1: a browser that goes away
// aborts the upstream call, a redirect is never followed, a provider's Set-Cookie never reaches
// the browser, and the proxy's own errors hold no secret.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { BelvoClient } from "mfa-flows";
import { createMfaProxy } from "mfa-flows/server";
import { rejection } from "./helpers.mjs";
import { faultServer } from "./fault-server.mjs";
import { startProxy, secretForms } from "./proxy-support.mjs";

const KEYS = { secretId: "hostile-secret-id", secretPassword: "hostile-secret-password" };
const SECRETS = secretForms(KEYS.secretPassword, `${KEYS.secretId}:${KEYS.secretPassword}`);
const REGISTER = { institution: "erebor_mx_retail", username: "bnk100", password: "full" };
const summary = (r) => [r.operation.name, r.outcome, r.status, r.code ?? null];

/** An upstream that never answers and records when each request's connection closes. */
async function hangingServer() {
  const seen = [];
  const server = createServer((req, res) => {
    const entry = { path: req.url, closed: false };
    seen.push(entry);
    res.on("close", () => (entry.closed = true));
    req.resume();
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () => new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

const waitFor = async (fn, ms = 3000) => {
  const until = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
};

const closers = [];
after(async () => {
  for (const close of closers) await close();
});

test("a browser that disconnects aborts the upstream call (node adapter)", async () => {
  const up = await hangingServer();
  const p = await startProxy({ belvo: { baseUrl: up.url, ...KEYS }, authorize: () => true });
  closers.push(up.close, p.close);
  const browser = new AbortController();
  const call = new BelvoClient({ baseUrl: `${p.url}/belvo` }).registerLink(REGISTER, { signal: browser.signal });
  assert.ok(await waitFor(() => up.seen.length === 1), "the call reached the upstream");
  assert.equal(up.seen[0].closed, false);
  browser.abort();
  assert.equal((await rejection(call)).code, "aborted");
  assert.ok(await waitFor(() => up.seen[0].closed), "the upstream request was aborted");
  assert.ok(await waitFor(() => p.results.length === 1));
  assert.deepEqual(summary(p.results[0]), ["belvo.registerLink", "failed", 0, "aborted"]);
});

test("a Request whose signal aborts aborts the upstream call (handle)", async () => {
  const up = await hangingServer();
  closers.push(up.close);
  const results = [];
  const proxy = createMfaProxy({ belvo: { baseUrl: up.url, ...KEYS }, authorize: () => true, subject: () => "s", onResult: (r) => results.push(r) });
  const browser = new AbortController();
  const answer = proxy.handle(new Request("http://app.test/mfa/belvo/api/links/", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(REGISTER), signal: browser.signal,
  }));
  assert.ok(await waitFor(() => up.seen.length === 1));
  browser.abort();
  assert.ok(await waitFor(() => up.seen[0].closed), "the upstream request was aborted");
  const res = await answer;
  assert.equal(res.status, 499);
  assert.deepEqual(results.map(summary), [["belvo.registerLink", "failed", 0, "aborted"]]);
});

test("a slow upstream answers 504 after timeoutMs; an unreachable one 502; neither shows a secret", async () => {
  const up = await hangingServer();
  closers.push(up.close);
  const slow = await startProxy({ belvo: { baseUrl: up.url, ...KEYS }, authorize: () => true, timeoutMs: 300 });
  // A port that was just closed: nothing listens there.
  const gone = await hangingServer();
  await gone.close();
  const down = await startProxy({ belvo: { baseUrl: gone.url, ...KEYS }, authorize: () => true });
  closers.push(slow.close, down.close);
  const client = (p) => new BelvoClient({ baseUrl: `${p.url}/belvo`, timeoutMs: 10_000 });
  const timedOut = await rejection(client(slow).registerLink(REGISTER));
  // The proxy says the provider did not answer in time (mfaProxy: "timeout"): the client reads a timeout.
  assert.deepEqual([timedOut.code, timedOut.status], ["timeout", 504]);
  assert.ok(await waitFor(() => up.seen[0]?.closed));
  // The proxy says the provider could not be reached (mfaProxy: "network"): the client reads it as a network failure.
  const unreachable = await rejection(client(down).registerLink(REGISTER));
  assert.deepEqual([unreachable.code, unreachable.status], ["network", 502]);
  assert.deepEqual(summary(slow.results[0]), ["belvo.registerLink", "failed", 0, "timeout"]);
  assert.deepEqual(summary(down.results[0]), ["belvo.registerLink", "failed", 0, "network"]);
  for (const a of [...slow.answers, ...down.answers]) {
    for (const s of SECRETS) assert.ok(!a.body.includes(s) && !JSON.stringify(a.headers).includes(s));
  }
  for (const e of [timedOut, unreachable]) {
    for (const s of SECRETS) assert.ok(!`${e.message} ${JSON.stringify(e)}`.includes(s));
  }
});

test("a redirect from the provider is never followed, and its Set-Cookie never reaches the browser", async () => {
  const elsewhere = await faultServer({ fallback: { status: 200, json: { id: "stolen" } } });
  const hostile = await faultServer();
  const p = await startProxy({ belvo: { baseUrl: hostile.url, ...KEYS }, authorize: () => true });
  closers.push(elsewhere.close, hostile.close, p.close);
  for (const status of [301, 302, 307, 308]) {
    hostile.script({ status, headers: { location: `${elsewhere.url}/api/links/` }, body: "" });
    const error = await rejection(new BelvoClient({ baseUrl: `${p.url}/belvo` }).registerLink(REGISTER));
    assert.deepEqual([error.code, error.status], ["server_error", 502], `${status}`);
  }
  assert.equal(elsewhere.requests.length, 0, "nothing went to the other location");
  assert.deepEqual(p.results.map((r) => r.code), ["bad_response", "bad_response", "bad_response", "bad_response"]);

  hostile.script({ status: 201, headers: { "set-cookie": "provider=tracking; Path=/", "x-request-id": "req-1" }, json: { id: "link-1" } });
  const res = await fetch(`${p.url}/belvo/api/links/`, {
    method: "POST", headers: { "content-type": "application/json", cookie: "app=session" }, body: JSON.stringify(REGISTER),
  });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("set-cookie"), null);
  assert.equal(res.headers.get("x-request-id"), "req-1", "the provider's request id goes on");
  assert.equal(res.headers.get("cache-control"), "no-store");
  const sent = hostile.requests.at(-1);
  assert.equal(sent.headers.cookie, undefined);
  assert.equal(sent.headers.authorization, `Basic ${Buffer.from(`${KEYS.secretId}:${KEYS.secretPassword}`).toString("base64")}`);
  assert.equal(sent.body, JSON.stringify(REGISTER), "the JSON body, as sent");
  assert.deepEqual(summary(p.results.at(-1)), ["belvo.registerLink", "verified", 201, null]);
  assert.equal(p.results.at(-1).link, "link-1");
});

test("a throwing authorize or onResult fails closed with a 500 that says nothing", async () => {
  const upstream = await faultServer({ fallback: { status: 201, json: { id: "l" } } });
  const throwing = await startProxy({ belvo: { baseUrl: upstream.url, ...KEYS }, authorize: () => { throw new Error(`boom ${KEYS.secretPassword}`); } });
  const failing = await startProxy({ belvo: { baseUrl: upstream.url, ...KEYS }, authorize: () => true, onResult: () => { throw new Error("db down"); } });
  closers.push(upstream.close, throwing.close, failing.close);
  const a = await rejection(new BelvoClient({ baseUrl: `${throwing.url}/belvo` }).registerLink(REGISTER));
  assert.deepEqual([a.code, a.status], ["server_error", 500]);
  assert.equal(upstream.requests.length, 0, "nothing sent when authorize throws");
  const b = await rejection(new BelvoClient({ baseUrl: `${failing.url}/belvo` }).registerLink(REGISTER));
  assert.deepEqual([b.code, b.status], ["server_error", 500], "the browser does not learn an outcome the backend failed to record");
  for (const answer of [...throwing.answers, ...failing.answers]) {
    assert.equal(JSON.parse(answer.body).error, "internal_error");
    for (const s of SECRETS) assert.ok(!answer.body.includes(s));
  }
});

// Two transports carry the upstream calls (js/lib/upstream.js): node:http in Node when the app
// gives no fetch, the fetch it gives otherwise. Each holds the cap and decodes what fetch decodes.
const TRANSPORTS = [["node:http", {}], ["fetch", { fetch: (url, init) => globalThis.fetch(url, init) }]];

for (const [transport, given] of TRANSPORTS) {
  test(`an upstream answer over 1 MiB answers 502 bad_response, with or without Content-Length, and when only its gzip is small (${transport})`, async () => {
    const MiB = 1024 * 1024;
    const big = Buffer.from(JSON.stringify({ id: "link-1", pad: "x".repeat(MiB) }));
    const fits = Buffer.from(JSON.stringify({ id: "link-1", pad: "y".repeat(900_000) }));
    const bomb = gzipSync(big);
    const small = Buffer.from(JSON.stringify({ id: "link-1" }));
    const plan = [
      (res) => res.writeHead(201, { "content-type": "application/json", "content-length": big.length }).end(big),
      (res) => {
        res.writeHead(201, { "content-type": "application/json" }); // chunked
        res.write(big.subarray(0, 1000));
        res.end(big.subarray(1000));
      },
      (res) => res.writeHead(201, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length }).end(bomb),
      (res) => res.writeHead(201, { "content-type": "application/json", "content-length": fits.length }).end(fits),
      // Encoded within the cap: the browser gets the decoded JSON, as fetch would give it.
      (res) => res.writeHead(201, { "content-type": "application/json", "content-encoding": "deflate" }).end(deflateSync(small)),
      (res) => res.writeHead(201, { "content-type": "application/json", "content-encoding": "br" }).end(brotliCompressSync(small)),
    ];
    let n = 0;
    const up = createServer((req, res) => {
      req.resume();
      req.on("end", () => plan[n++](res));
    });
    await new Promise((done) => up.listen(0, "127.0.0.1", done));
    const p = await startProxy({ belvo: { baseUrl: `http://127.0.0.1:${up.address().port}`, ...KEYS }, authorize: () => true, ...given });
    closers.push(() => new Promise((done) => { up.close(() => done()); up.closeAllConnections(); }), p.close);
    const send = () => fetch(`${p.url}/belvo/api/links/`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(REGISTER) });
    for (const which of ["Content-Length", "chunked", "gzip"]) {
      const res = await send();
      assert.equal(res.status, 502, which);
      assert.equal((await res.json()).mfaProxy, "bad_response", which);
    }
    // Within the cap (read in one go when Content-Length frames it), the body passes byte for byte.
    const res = await send();
    assert.equal(res.status, 201);
    assert.equal(await res.text(), fits.toString("utf8"));
    for (const coding of ["deflate", "br"]) {
      const decoded = await send();
      assert.equal(decoded.status, 201, coding);
      assert.equal(await decoded.text(), small.toString("utf8"), coding);
    }
    assert.deepEqual(p.results.map((r) => r.code ?? null), ["bad_response", "bad_response", "bad_response", null, null, null]);
  });
}

test("node:http transport: an IPv6 loopback base URL is reached, only the proxy's headers are sent, and a socket the upstream closed is not reused", async () => {
  let requests = 0;
  const seen = [];
  const up = createServer((req, res) => {
    requests++;
    seen.push(Object.keys(req.headers).sort().join(" "));
    req.resume();
    // Every other answer closes its connection: the next call must open a new one, not fail.
    req.on("end", () => res.writeHead(201, { "content-type": "application/json", ...(requests % 2 ? { connection: "close" } : {}) })
      .end(JSON.stringify({ id: `link-${requests}` })));
  });
  await new Promise((done) => up.listen(0, "::1", done));
  const p = await startProxy({ belvo: { baseUrl: `http://[::1]:${up.address().port}`, ...KEYS }, authorize: () => true });
  closers.push(() => new Promise((done) => { up.close(() => done()); up.closeAllConnections(); }), p.close);
  for (let i = 1; i <= 4; i++) {
    const res = await fetch(`${p.url}/belvo/api/links/`, { method: "POST", headers: { "content-type": "application/json", cookie: "sid=browser" }, body: JSON.stringify(REGISTER) });
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { id: `link-${i}` });
  }
  // The browser's own headers (its cookie here) never; Node adds only host, connection and the length.
  assert.deepEqual(new Set(seen), new Set(["accept authorization connection content-length content-type host user-agent"]));
});

test("a path the proxy routed for one method is still a 404, before any body is read, for another", async () => {
  const proxy = createMfaProxy({ riffyn: { baseUrl: "http://127.0.0.1:9" }, authorize: () => false, subject: () => "s", maxBodyBytes: 64 });
  const path = "http://localhost/mfa/riffyn/auth/factor/uft1/verify";
  const send = (method, body) => proxy.handle(new Request(path, { method, headers: { "content-type": "application/json" }, body }));
  const verify = JSON.stringify({ stateToken: "st-1", passCode: "123456" });
  for (let round = 0; round < 2; round++) {
    assert.equal((await send("POST", verify)).status, 403, "routed, then refused by authorize");
    // Over maxBodyBytes: a 413 would mean the body was read before the route was refused.
    for (const method of ["PUT", "PATCH", "DELETE"]) assert.equal((await send(method, "x".repeat(1000))).status, 404, method);
    assert.equal((await send("POST", "x".repeat(1000))).status, 413, "a routed pair's body is still capped");
  }
});
