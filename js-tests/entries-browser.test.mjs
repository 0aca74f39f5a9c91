// The entries in headless Chromium: a Riffyn login page that imports only mfa-flows/riffyn completes
// its login + verify flow against the sandbox and fetches nothing of the package's other modules;
// every module entry (and its .embedded variant) loads, fetching its own wasm only, with one MfaError.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sandbox } from "./helpers.mjs";
import { launchChromium, newPage } from "./browser.mjs";

let sb, browser;
before(async () => {
  sb = await sandbox();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sb?.close();
});

test("a Riffyn page importing only mfa-flows/riffyn: login → MFA_REQUIRED → verify → SUCCESS, its own module only", async () => {
  const { page, errors } = await newPage(browser);
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  // The page as an app without a bundler writes it: the bare specifier mapped to where the package is served.
  await page.route("**/riffyn-page.html", (route) => route.fulfill({
    contentType: "text/html",
    body: `<!doctype html><output id="out">pending</output>
    <script type="importmap">{ "imports": { "mfa-flows/riffyn": "/pkg/riffyn.js" } }</script>
    <script type="module">
      import { RiffynClient, toChallenge, MfaError, isMfaError, VERSION } from "mfa-flows/riffyn";
      const out = document.getElementById("out");
      try {
        const riffyn = new RiffynClient({ baseUrl: location.origin + "/riffyn/v1" });
        const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
        const challenge = toChallenge(step);
        const codes = await (await fetch("/_sandbox/totp")).json();
        const passCode = codes.find((c) => c.provider === "riffyn" && c.user === "alice").code;
        const input = { stateToken: step.stateToken, factorId: step.factors[0].id, expiresAt: step.expiresAt };
        let wrong;
        try { await riffyn.verify({ ...input, passCode: passCode === "000000" ? "111111" : "000000" }); } catch (e) {
          wrong = [e instanceof MfaError, isMfaError(e), e.code, e.status];
        }
        const done = await riffyn.verify({ ...input, passCode });
        out.textContent = JSON.stringify({ version: VERSION, first: step.status, challenge: [challenge.provider, challenge.kind, challenge.prompt],
          wrong, done: done.status, user: done.username, token: typeof done.accessToken });
      } catch (e) {
        out.textContent = "failed: " + e;
      }
    </script>`,
  }));
  await page.goto(`${sb.url}/riffyn-page.html`);
  await page.waitForFunction(() => document.getElementById("out").textContent !== "pending");
  const result = JSON.parse(await page.textContent("#out"));
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  assert.equal(result.first, "MFA_REQUIRED");
  assert.deepEqual(result.challenge, ["riffyn", "otp", "Enter the code from Google Authenticator."]);
  assert.deepEqual(result.wrong, [true, true, "invalid_code", 401]);
  assert.equal(result.done, "SUCCESS");
  assert.equal(result.user, "alice");
  assert.equal(result.token, "string");
  assert.deepEqual(errors, []);

  const pkg = fetched.filter((path) => path.startsWith("/pkg/"));
  assert.ok(pkg.includes("/pkg/riffyn.js") && pkg.includes("/pkg/lib/riffyn_bg.wasm"), pkg.join(" "));
  assert.ok(!pkg.includes("/pkg/lib/mfa_flows_bg.wasm"), "the whole-SDK module is not fetched");
  const others = pkg.filter((path) => /mfa_flows|belvo|onelogin|totp|embedded|server|ui\.js/.test(path));
  assert.deepEqual(others, [], "nothing of another entry is fetched");
  assert.equal(pkg.filter((path) => path.endsWith(".wasm")).length, 1, pkg.join(" "));
});

test("every module entry and its embedded variant load in a page, each fetching its own wasm; one MfaError", async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${sb.url}/_sandbox/health`);
  const names = ["mfa_flows", "riffyn", "belvo", "onelogin", "totp"];
  const loaded = {};
  for (const name of names) {
    const fetched = [];
    const listener = (request) => fetched.push(new URL(request.url()).pathname);
    page.on("request", listener);
    loaded[name] = await page.evaluate(async (name) => {
      const m = await import(`/pkg/${name}.js`);
      const embedded = await import(`/pkg/${name}.embedded.js`);
      const whole = await import("/pkg/lib/mfa_error.js");
      let error;
      try { m.totp ? m.totp("not base32 !") : m.toChallenge(42); } catch (e) { error = e; }
      return {
        keys: Object.keys(m).sort(), embeddedKeys: Object.keys(embedded).sort(), version: m.VERSION,
        sameClass: m.MfaError === embedded.MfaError && m.MfaError === whole.MfaError,
        error: [error instanceof whole.MfaError, m.isMfaError(error), error?.code],
      };
    }, name);
    page.off("request", listener);
    loaded[name].wasm = fetched.filter((path) => path.endsWith(".wasm"));
  }
  for (const name of names) {
    const { keys, embeddedKeys, version, sameClass, error, wasm } = loaded[name];
    assert.ok(keys.includes("MfaError") && keys.includes("isMfaError") && keys.includes("VERSION"), name);
    assert.deepEqual(embeddedKeys, keys, name);
    assert.equal(version, loaded.mfa_flows.version, name);
    assert.ok(sameClass, name);
    assert.deepEqual(error, [true, true, "invalid_input"], name);
    assert.deepEqual(wasm, [`/pkg/lib/${name}_bg.wasm`], `${name} fetches its own module only`);
  }
  assert.deepEqual(loaded.riffyn.keys, ["MfaError", "RiffynClient", "VERSION", "isMfaError", "toChallenge"]);
  assert.deepEqual(loaded.totp.keys, ["MfaError", "VERSION", "isMfaError", "otpauthUri", "parseOtpauthUri", "totp"]);
  assert.deepEqual(errors, []);
});

test("mfa-flows/server's web loader (workers, edge bundles) runs the proxy on its own module; no page module carries it", async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${sb.url}/_sandbox/health`);
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  const result = await page.evaluate(async () => {
    const server = await import("/pkg/server.js");
    const seen = [];
    const proxy = server.createMfaProxy({
      riffyn: { baseUrl: `${location.origin}/riffyn/v1` },
      authorize: (op) => (seen.push(op.name), true),
      subject: () => "page-session",
    });
    // Riffyn's login: the user's own credentials as HTTP Basic, as RiffynClient sends them.
    const login = (path) => proxy.handle(new Request(`${location.origin}${path}`, {
      method: "POST", headers: { authorization: `Basic ${btoa("alice:correct-horse-battery")}` },
    }));
    const answer = await login("/mfa/riffyn/auth");
    const body = await answer.json();
    const outside = await login("/elsewhere/auth");
    const pages = {};
    for (const name of ["mfa_flows", "riffyn", "belvo", "onelogin", "totp"]) {
      const glue = await import(`/pkg/lib/${name}.js`);
      pages[name] = Object.keys(glue).filter((k) => /proxy|operation/i.test(k));
    }
    return { keys: Object.keys(server), status: answer.status, body, mfa: body.status, seen, outside: outside.status, pages };
  });
  assert.deepEqual(result.keys, ["createMfaProxy", "memoryStore", "redisStore"]);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.mfa, "MFA_REQUIRED");
  assert.deepEqual(result.seen, ["riffyn.login"]);
  assert.equal(result.outside, 404);
  for (const [name, keys] of Object.entries(result.pages)) assert.deepEqual(keys, [], `${name}'s module has no proxy bindings`);
  assert.ok(fetched.includes("/pkg/lib/server_bg.wasm"), fetched.join(" "));
  assert.ok(!fetched.includes("/pkg/lib/mfa_flows_bg.wasm"), "the proxy does not load the whole SDK's module");
  assert.deepEqual(errors, []);
});
