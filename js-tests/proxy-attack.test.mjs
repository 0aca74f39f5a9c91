// The guard (issue 23) attacked, through both adapters: a guessing attacker who makes the outcome of
// a forwarded code unknown to the proxy (disconnecting, letting it time out) gets no free guess.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createMfaProxy } from "mfa-flows/server";
import { sandbox } from "./helpers.mjs";
import { startProxy, upstreams } from "./proxy-support.mjs";

let sb;
before(async () => {
  sb = await sandbox();
});
after(() => sb?.close());
beforeEach(() => sb.reset());

const ALICE = `Basic ${Buffer.from("alice:correct-horse-battery").toString("base64")}`;
const totpOf = async (provider) => (await sb.control("GET", "/totp")).find((t) => t.provider === provider).code;
const wrongFor = (right, n) => {
  const code = String(n).padStart(6, "0");
  return code === right ? String(n + 1).padStart(6, "0") : code;
};
const waitFor = async (fn, ms = 5000) => {
  const until = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
};

/**
 * A proxy in front of the sandbox reached through `adapter`. The first `slowVerifies` verify calls
 * are delivered (the provider reads and answers them) but their answer never reaches the proxy
 * before the browser goes away or the proxy's timeout fires; later ones go through at once. `send` resolves { status, body } or
 * `{ status: "aborted" }` once the proxy has settled the call.
 */
async function proxyWith(adapter, { slowVerifies = 0, ...options } = {}) {
  const delivered = [];
  const verifies = [];
  const upstreamFetch = async (url, init) => {
    if (url.endsWith("/verify")) verifies.push(url);
    const response = await globalThis.fetch(url, init);
    if (!url.endsWith("/verify") || delivered.length >= slowVerifies) return response;
    delivered.push(url);
    // The provider has answered; its answer stays on the way until the call is cut.
    await new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason), { once: true }));
  };
  const settled = [];
  const base = {
    ...upstreams(sb.url),
    authorize: () => true,
    // The browser session is the `x-session` header (an attacker can start as many as it likes).
    subject: (req) => (typeof req.headers.get === "function" ? req.headers.get("x-session") : req.headers["x-session"]) ?? "attacker-session",
    fetch: upstreamFetch,
    onResult: (r) => settled.push(r),
    ...options,
  };
  if (adapter === "node") {
    const p = await startProxy(base);
    return {
      delivered,
      verifies,
      close: p.close,
      async send(path, body, { abortWhenDelivered = false, session = "attacker-session", authorization = ALICE } = {}) {
        const browser = new AbortController();
        const before = settled.length;
        const seen = delivered.length;
        const res = fetch(`${p.origin}${path}`, {
          method: "POST", headers: { authorization, "content-type": "application/json", "x-session": session }, body, signal: browser.signal,
        }).catch((error) => error);
        if (abortWhenDelivered) {
          assert.ok(await waitFor(() => delivered.length > seen), "the code reached the provider");
          browser.abort();
        }
        const got = await res;
        // An answer is written after onResult; a browser gone learns nothing, so wait for it.
        if (got instanceof Error) {
          assert.ok(await waitFor(() => settled.length > before), "the proxy settled the call");
          return { status: "aborted" };
        }
        return { status: got.status, body: await got.json() };
      },
    };
  }
  const proxy = createMfaProxy(base);
  return {
    delivered,
    verifies,
    close: async () => {},
    async send(path, body, { abortWhenDelivered = false, session = "attacker-session", authorization = ALICE } = {}) {
      const browser = new AbortController();
      const seen = delivered.length;
      const req = new Request(`http://localhost${path}`, {
        method: "POST", headers: { authorization, "content-type": "application/json", "x-session": session }, body, signal: browser.signal,
      });
      const res = proxy.handle(req);
      if (abortWhenDelivered) {
        assert.ok(await waitFor(() => delivered.length > seen), "the code reached the provider");
        browser.abort();
      }
      const got = await res;
      return { status: got.status, body: await got.json() };
    },
  };
}

const login = async (p, session, authorization = ALICE) => {
  const { status, body } = await p.send("/mfa/riffyn/auth", "", { session, authorization });
  assert.equal(status, 200);
  assert.equal(body.status, "MFA_REQUIRED");
  return { stateToken: body.stateToken, factor: body.factors[0].id };
};

for (const adapter of ["handle", "node"]) {
  test(`ASVS 6.6.3 (${adapter}): a code the provider checked counts although the browser went away before the answer`, async () => {
    const p = await proxyWith(adapter, { slowVerifies: 3, limits: { codesPerHandle: 3 } });
    try {
      const { stateToken, factor } = await login(p);
      const right = await totpOf("riffyn");
      const verify = `/mfa/riffyn/auth/factor/${factor}/verify`;
      for (let i = 0; i < 3; i++) {
        const cut = await p.send(verify, JSON.stringify({ stateToken, passCode: wrongFor(right, i) }), { abortWhenDelivered: true });
        assert.ok(cut.status === "aborted" || cut.status === 499, `the browser went away (${cut.status})`);
      }
      assert.equal(p.delivered.length, 3, "the provider checked three codes");
      const fourth = await p.send(verify, JSON.stringify({ stateToken, passCode: wrongFor(right, 3) }));
      assert.deepEqual([fourth.status, fourth.body.mfaProxy], [429, "limit_reached"], "the fourth code never reaches the provider");
    } finally {
      await p.close();
    }
  });

  test(`ASVS 6.6.3 (${adapter}): a code the provider checked counts although the proxy timed out waiting for the answer`, async () => {
    const p = await proxyWith(adapter, { slowVerifies: 3, limits: { codesPerHandle: 3 }, timeoutMs: 300 });
    try {
      const { stateToken, factor } = await login(p);
      const right = await totpOf("riffyn");
      const verify = `/mfa/riffyn/auth/factor/${factor}/verify`;
      for (let i = 0; i < 3; i++) {
        const late = await p.send(verify, JSON.stringify({ stateToken, passCode: wrongFor(right, i) }));
        assert.equal(late.status, 504);
      }
      const fourth = await p.send(verify, JSON.stringify({ stateToken, passCode: wrongFor(right, 3) }));
      assert.deepEqual([fourth.status, fourth.body.mfaProxy], [429, "limit_reached"], "the fourth code never reaches the provider");
    } finally {
      await p.close();
    }
  });
}

for (const adapter of ["handle", "node"]) {
  test(`NIST 5.2.2 (${adapter}): a new session and a new login per handle do not reset a Riffyn user's consecutive failures`, async () => {
    const p = await proxyWith(adapter, { limits: { consecutiveFailuresPerUser: 7 } });
    try {
      const right = await totpOf("riffyn");
      let n = 0;
      const guess = async (session, handle) =>
        p.send(`/mfa/riffyn/auth/factor/${handle.factor}/verify`, JSON.stringify({ stateToken: handle.stateToken, passCode: wrongFor(right, n++) }), { session });
      const first = await login(p, "session-1");
      for (let i = 0; i < 5; i++) assert.equal((await guess("session-1", first)).status, 401);
      const second = await login(p, "session-2");
      for (let i = 0; i < 2; i++) assert.equal((await guess("session-2", second)).status, 401);
      const eighth = await guess("session-2", second);
      assert.deepEqual([eighth.status, eighth.body.mfaProxy], [429, "limit_reached"], "alice's 8th consecutive wrong code never reaches Riffyn");
      const third = await login(p, "session-3");
      assert.equal((await guess("session-3", third)).status, 429, "nor from a third session");
    } finally {
      await p.close();
    }
  });
}

for (const adapter of ["handle", "node"]) {
  test(`NIST 5.2.2 (${adapter}): a username in another case or form is the same Riffyn user's consecutive failures`, async () => {
    // Okta-style logins fold a username's case: this upstream does, so "ALICE" and "Ａｌｉｃｅ"
    // (full-width) sign in as alice, and must not start her count again.
    const folding = (url, init) => {
      const auth = init.headers?.authorization;
      if (url.endsWith("/auth") && auth) {
        const [user, password] = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":");
        init = { ...init, headers: { ...init.headers, authorization: `Basic ${Buffer.from(`${user.normalize("NFKC").toLowerCase()}:${password}`).toString("base64")}` } };
      }
      return globalThis.fetch(url, init);
    };
    const p = await proxyWith(adapter, { fetch: folding, limits: { consecutiveFailuresPerUser: 7 } });
    try {
      const right = await totpOf("riffyn");
      let n = 0;
      const guess = async (session, handle) =>
        p.send(`/mfa/riffyn/auth/factor/${handle.factor}/verify`, JSON.stringify({ stateToken: handle.stateToken, passCode: wrongFor(right, n++) }), { session });
      const as = (user) => `Basic ${Buffer.from(`${user}:correct-horse-battery`).toString("base64")}`;
      const first = await login(p, "session-1", as("alice"));
      for (let i = 0; i < 5; i++) assert.equal((await guess("session-1", first)).status, 401);
      const second = await login(p, "session-2", as("ALICE"));
      for (let i = 0; i < 2; i++) assert.equal((await guess("session-2", second)).status, 401);
      const eighth = await guess("session-2", second);
      assert.deepEqual([eighth.status, eighth.body.mfaProxy], [429, "limit_reached"], "the 8th consecutive wrong code never reaches Riffyn");
      const third = await login(p, "session-3", as("\uff21\uff4c\uff49\uff43\uff45"));
      assert.equal((await guess("session-3", third)).status, 429, "nor under a full-width username");
    } finally {
      await p.close();
    }
  });
}

for (const adapter of ["handle", "node"]) {
  test(`ASVS 6.5.1 (${adapter}): an accepted code is refused again in another form (spaces, full-width digits)`, async () => {
    const p = await proxyWith(adapter);
    try {
      const right = await totpOf("riffyn");
      const first = await login(p, "session-1");
      const verify = (handle, passCode) =>
        p.send(`/mfa/riffyn/auth/factor/${handle.factor}/verify`, JSON.stringify({ stateToken: handle.stateToken, passCode }), { session: "session-1" });
      assert.equal((await verify(first, right)).status, 200);
      const fullWidth = [...right].map((d) => String.fromCharCode(0xff10 + Number(d))).join("");
      for (const form of [` ${right}`, `${right}\t`, `${right.slice(0, 3)} ${right.slice(3)}`, fullWidth]) {
        const again = await login(p, "session-1");
        const reused = await verify(again, form);
        assert.deepEqual([reused.status, reused.body.mfaProxy], [400, "code_reused"], JSON.stringify(form));
      }
    } finally {
      await p.close();
    }
  });
}

for (const adapter of ["handle", "node"]) {
  test(`ASVS 6.6.3 (${adapter}): 20 wrong codes for one handle at once: 5 reach the provider, 15 are 429`, async () => {
    const p = await proxyWith(adapter);
    try {
      const handle = await login(p);
      const right = await totpOf("riffyn");
      const all = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        p.send(`/mfa/riffyn/auth/factor/${handle.factor}/verify`, JSON.stringify({ stateToken: handle.stateToken, passCode: wrongFor(right, i) }))));
      const statuses = all.map((a) => a.status).sort();
      assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(15).fill(429)]);
      assert.equal(p.verifies.length, 5);
    } finally {
      await p.close();
    }
  });

  test(`fail closed (${adapter}): a subject or authorize that throws, rejects or answers oddly forwards nothing`, async () => {
    const odd = [
      { subject: () => { throw new Error("no session"); } },
      { subject: () => Promise.reject(new Error("no session")) },
      { subject: () => 7 },
      { subject: () => ({ toString: () => "attacker-session" }) },
      { subject: () => ["attacker-session"] },
      { authorize: () => { throw new Error("denied"); } },
      { authorize: () => Promise.reject(new Error("denied")) },
      { authorize: () => "true" },
      { authorize: () => 1 },
    ];
    for (const options of odd) {
      const p = await proxyWith(adapter, options);
      try {
        const { status } = await p.send("/mfa/riffyn/auth", "").catch(() => ({ status: "thrown" }));
        assert.ok(status === 403 || status === 500, `${Object.values(options)[0]}: ${status}`);
        const requests = await sb.requests("riffyn");
        assert.deepEqual(requests.filter((r) => !r.path.startsWith("/_")), [], "nothing reached Riffyn");
      } finally {
        await p.close();
      }
    }
  });
}

const BANK = { institution: "numeric_mx_bank", username: "bnk100", password: "full" };
for (const adapter of ["handle", "node"]) {
  test(`ASVS 6.6.3 (${adapter}): a Belvo bank token sent up front (registerLink, retrieve) is counted like a resumed one`, async () => {
    const p = await proxyWith(adapter, { limits: { failuresPerSubject: 3 } });
    try {
      const belvoCalls = async () => (await sb.requests("belvo")).filter((r) => r.path.includes("/api/"));
      for (let i = 0; i < 3; i++) {
        const wrong = await p.send("/mfa/belvo/api/links/", JSON.stringify({ ...BANK, token: `00000${i}` }), { session: "s1" });
        assert.equal(wrong.status, 400);
      }
      const fourth = await p.send("/mfa/belvo/api/links/", JSON.stringify({ ...BANK, token: "000003" }), { session: "s1" });
      assert.deepEqual([fourth.status, fourth.body.mfaProxy], [429, "limit_reached"]);
      assert.equal((await belvoCalls()).length, 3, "the fourth token never reached Belvo");

      const link = await p.send("/mfa/belvo/api/links/", JSON.stringify({ ...BANK, token: "123456" }), { session: "s2" });
      assert.equal(link.status, 201);
      for (let i = 0; i < 3; i++) {
        const wrong = await p.send("/mfa/belvo/api/accounts/", JSON.stringify({ link: link.body.id, token: `00001${i}` }), { session: "s2" });
        assert.equal(wrong.status, 400);
      }
      const again = await p.send("/mfa/belvo/api/accounts/", JSON.stringify({ link: link.body.id, token: "000013" }), { session: "s2" });
      assert.deepEqual([again.status, again.body.mfaProxy], [429, "limit_reached"]);
      assert.equal((await belvoCalls()).length, 7, "the fourth retrieve token never reached Belvo");
    } finally {
      await p.close();
    }
  });
}

// memoryStore's counters are never evicted while live: a flood of new keys (pushes to devices that do
// not exist, each taking its own counters) cannot reset a victim's count; a full store fails closed.
test("ASVS 6.6.3: flooding memoryStore with new counters resets no one's count; a full store answers 503", async () => {
  const { memoryStore } = await import("mfa-flows/server");
  const proxy = createMfaProxy({ ...upstreams(sb.url), authorize: () => true, subject: () => "attacker-session", store: memoryStore({ maxEntries: 40 }) });
  const post = (path, body) => proxy.handle(new Request(`http://app.test/mfa/onelogin/api/1/users/1001/otp_devices/${path}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  }));
  const right = await totpOf("onelogin");
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await post("525001/verify", { otp_token: wrongFor(right, i) })).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  const flood = [];
  for (let device = 100; device < 125; device++) flood.push((await post(`${device}/trigger`, {})).status);
  assert.ok(flood.includes(503), `the store filled up and failed closed: ${flood.join()}`);
  assert.equal(flood.slice(flood.indexOf(503)).every((s) => s === 503), true, flood.join());
  const before = (await sb.requests("onelogin")).filter((r) => r.path.endsWith("/525001/verify")).length;
  for (let i = 0; i < 3; i++) assert.notEqual((await post("525001/verify", { otp_token: wrongFor(right, 10 + i) })).status, 401);
  const after = (await sb.requests("onelogin")).filter((r) => r.path.endsWith("/525001/verify")).length;
  assert.equal(after, before, "no guess reached OneLogin after the flood");
});

test("memoryStore: a full store drops expired counters first and evicts no live one", async () => {
  const { memoryStore } = await import("mfa-flows/server");
  const store = memoryStore({ maxEntries: 3 });
  assert.equal(await store.take([{ key: "victim", limit: 1, ttlMs: 60_000 }]), 0);
  assert.equal(await store.take([{ key: "short", limit: 5, ttlMs: 20 }]), 0);
  assert.equal(await store.take([{ key: "other", limit: 5, ttlMs: 60_000 }]), 0);
  await assert.rejects(store.take([{ key: "flood", limit: 5, ttlMs: 60_000 }]), /maxEntries/);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(await store.take([{ key: "flood", limit: 5, ttlMs: 60_000 }]), 0, "the expired counter made room");
  assert.ok((await store.take([{ key: "victim", limit: 1, ttlMs: 60_000 }])) > 59_000, "the victim's count survived");
  // Values (bindings, used codes) stay bounded, the oldest evicted.
  for (let i = 0; i < 10; i++) await store.put(`v${i}`, "1", 60_000);
  assert.equal(await store.get("v0"), null);
  assert.equal(await store.get("v9"), "1");
});
