// mfa-flows/server's upstream (issue 22, item 4): the provider's base URL is checked by the
// clients' own rule, and the upstream request (method, URL, headers with the provider's
// credentials) is the Rust core's, whichever transport carries it. Upstreams are injected fetches
// or node:http servers on loopback.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { RiffynClient, isMfaError } from "mfa-flows";
import { createMfaProxy } from "mfa-flows/server";

const BASIC = `Basic ${Buffer.from("alice:pw-of-alice").toString("base64")}`;
const BELVO = { secretId: "belvo-id-4c1", secretPassword: "belvo-pw-very-secret" };
const TOKEN = "tok-upstream-very-secret";
const REGISTER = JSON.stringify({ institution: "erebor_mx_retail", username: "u", password: "p" });

/** The MfaError `make` throws (`null` when it throws none). */
function thrown(make) {
  try {
    make();
    return null;
  } catch (error) {
    assert.ok(isMfaError(error), String(error));
    return error;
  }
}

/** A fetch that records each call and answers `status` with a JSON body. */
function recording(status = 401) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url: String(url), init });
    return new Response(JSON.stringify({ error: "no" }), { status, headers: { "content-type": "application/json" } });
  };
  return { calls, fetch };
}

const proxyOptions = (more) => ({ authorize: () => true, subject: () => "s", ...more });

test("one base-URL rule: a client and the proxy accept http://app.localhost and refuse http://example.com alike", async () => {
  const port = 4599;
  for (const [url, code] of [
    [`http://app.localhost:${port}/v1`, null],
    [`http://127.0.0.1:${port}`, null],
    [`http://[::1]:${port}/v1`, null],
    ["https://riffyn.example/v1/", null],
    ["http://example.com", "insecure_url"],
    ["http://localhost.example.com", "insecure_url"],
    ["https://user:pw-very-secret@riffyn.example", "invalid_input"],
    ["https://riffyn.example/v1?key=very-secret", "invalid_input"],
    ["riffyn.example/v1", "invalid_input"],
  ]) {
    const client = thrown(() => new RiffynClient({ baseUrl: url }));
    const proxy = thrown(() => createMfaProxy(proxyOptions({ riffyn: { baseUrl: url } })));
    assert.equal(client?.code ?? null, code, `client ${url}`);
    assert.equal(proxy?.code ?? null, code, `proxy ${url}`);
    if (proxy) {
      assert.match(proxy.message, /^createMfaProxy: riffyn\.baseUrl: /, url);
      assert.doesNotMatch(`${proxy.message} ${JSON.stringify(proxy)}`, /very-secret/, url);
    }
  }
  // The proxy's words for each refusal, the codes the clients give.
  assert.equal(thrown(() => createMfaProxy(proxyOptions({ belvo: { baseUrl: "http://example.com", ...BELVO } }))).message,
    "createMfaProxy: belvo.baseUrl: must be https (http only for loopback hosts)");
  assert.equal(thrown(() => createMfaProxy(proxyOptions({ onelogin: { baseUrl: "https://o.example#x", accessToken: TOKEN } }))).message,
    "createMfaProxy: onelogin.baseUrl: must not hold credentials, a query or a fragment");

  // Both reach the same URL under a *.localhost base.
  const base = `http://app.localhost:${port}/v1`;
  const viaClient = recording();
  await assert.rejects(new RiffynClient({ baseUrl: base, fetch: viaClient.fetch }).login({ username: "alice", password: "pw-of-alice" }));
  const viaProxy = recording();
  const proxy = createMfaProxy(proxyOptions({ riffyn: { baseUrl: base }, fetch: viaProxy.fetch }));
  const res = await proxy.handle(new Request("http://localhost/mfa/riffyn/auth", { method: "POST", headers: { authorization: BASIC } }));
  assert.equal(res.status, 401);
  assert.deepEqual([viaClient.calls[0].url, viaProxy.calls[0].url], [`${base}/auth`, `${base}/auth`]);
});

/** Each provider's call through the proxy and the request the core builds for it. */
const CASES = [
  {
    provider: "riffyn",
    options: { baseUrl: "/riffyn/v1/" },
    method: "POST", path: "/mfa/riffyn/auth", headers: { authorization: BASIC },
    sent: { method: "POST", path: "/riffyn/v1/auth", headers: [["accept", "application/json"], ["user-agent", "mfa-flows"], ["authorization", BASIC]] },
  },
  {
    provider: "belvo",
    options: { baseUrl: "/belvo", ...BELVO },
    // The browser's Authorization stays behind: Belvo gets the proxy's keys.
    method: "POST", path: "/mfa/belvo/api/links/", headers: { "content-type": "application/json", authorization: BASIC }, body: REGISTER,
    sent: {
      method: "POST", path: "/belvo/api/links/", body: REGISTER,
      headers: [["accept", "application/json"], ["user-agent", "mfa-flows"], ["content-type", "application/json"],
        ["authorization", `Basic ${Buffer.from(`${BELVO.secretId}:${BELVO.secretPassword}`).toString("base64")}`]],
    },
  },
  {
    provider: "onelogin",
    options: { baseUrl: "/onelogin", accessToken: TOKEN },
    method: "GET", path: "/mfa/onelogin/api/1/users/1001/otp_devices", headers: {},
    sent: { method: "GET", path: "/onelogin/api/1/users/1001/otp_devices", headers: [["accept", "application/json"], ["user-agent", "mfa-flows"], ["authorization", `Bearer ${TOKEN}`]] },
  },
];

test("the upstream request is the core's: method, URL, headers (names, order, values) and body, through an app's fetch and through node:http", async () => {
  const seen = [];
  const up = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      // What node:http adds itself (host, connection, the body's length) is the transport's.
      const raw = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (!["host", "connection", "content-length"].includes(req.rawHeaders[i].toLowerCase())) raw.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      }
      seen.push({ method: req.method, path: req.url, headers: raw, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":"no"}');
    });
  });
  await new Promise((done) => up.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${up.address().port}`;
  try {
    for (const c of CASES) {
      const options = { ...c.options, baseUrl: `${origin}${c.options.baseUrl}` };
      const request = () => new Request(`http://localhost${c.path}`, { method: c.method, headers: c.headers, body: c.body });
      const expected = { method: c.sent.method, path: c.sent.path, headers: c.sent.headers, body: c.sent.body ?? "" };

      const viaFetch = recording();
      const fetched = createMfaProxy(proxyOptions({ [c.provider]: options, fetch: viaFetch.fetch }));
      assert.equal((await fetched.handle(request())).status, 401, c.provider);
      const { url, init } = viaFetch.calls[0];
      assert.deepEqual({ method: init.method, path: url.slice(origin.length), headers: Object.entries(init.headers), body: init.body ?? "" },
        expected, `${c.provider} via fetch`);

      const viaNode = createMfaProxy(proxyOptions({ [c.provider]: options }));
      assert.equal((await viaNode.handle(request())).status, 401, c.provider);
      assert.deepEqual(seen.pop(), expected, `${c.provider} via node:http`);
    }
  } finally {
    up.closeAllConnections();
    await new Promise((done) => up.close(done));
  }
});
