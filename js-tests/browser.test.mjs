// The package as a native ES module in headless Chromium, served by the sandbox, with a real fetch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sandbox } from "./helpers.mjs";
import { launchChromium, newPage } from "./browser.mjs";
import { faultServer } from "./fault-server.mjs";

let sb, browser;
before(async () => {
  sb = await sandbox();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sb?.close();
});

test("loads as <script type=module> with no init call and makes a real fetch", async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${sb.url}/_sandbox/health`);
  const result = await page.evaluate(async () => {
    const m = await import("/pkg/mfa_flows.js");
    const out = { version: m.VERSION };
    try { new m.RiffynClient({ baseUrl: "http://example.com" }); } catch (e) {
      out.insecure = [e instanceof m.MfaError, e instanceof Error, m.isMfaError(e), e.code];
    }
    const client = new m.RiffynClient({ baseUrl: `${location.origin}/riffyn/v1` });
    const step = await client.login({ username: "bob", password: "hunter2-hunter2" });
    out.status = step.status;
    try { await client.login({ username: "bob", password: "nope-nope" }); } catch (e) {
      out.bad = [e instanceof m.MfaError, e.code, e.status];
    }
    const ctrl = new AbortController(); ctrl.abort();
    try { await client.login({ username: "bob", password: "x" }, { signal: ctrl.signal }); } catch (e) {
      out.aborted = e.code;
    }
    return out;
  });
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(result.insecure, [true, true, true, "insecure_url"]);
  assert.equal(result.status, "SUCCESS");
  assert.deepEqual(result.bad, [true, "invalid_credentials", 401]);
  assert.equal(result.aborted, "aborted");
  assert.deepEqual(errors, []);
});

test("in a page: toChallenge words its prompt in the locale asked for (the locales module loads), otpauth URIs", async () => {
  const { page, errors } = await newPage(browser);
  await page.route("**/locale-test.html", (route) => route.fulfill({
    contentType: "text/html",
    body: `<!doctype html><output id="out">pending</output><script type="module">
      import { RiffynClient, toChallenge, totp, parseOtpauthUri, otpauthUri } from "/pkg/mfa_flows.js";
      const c = new RiffynClient({ baseUrl: location.origin + "/riffyn/v1" });
      const step = await c.login({ username: "alice", password: "correct-horse-battery" });
      const uri = otpauthUri({ secret: "JBSWY3DPEHPK3PXP", issuer: "Example", account: "alice@google.com" });
      document.getElementById("out").textContent = JSON.stringify([
        ...["en", "es", "pt-BR", "fr-FR"].map((locale) => toChallenge(step, { locale }).prompt),
        parseOtpauthUri(uri).account, totp(uri, { timestamp: 0 }),
      ]);
    </script>`,
  }));
  await page.goto(`${sb.url}/locale-test.html`);
  await page.waitForFunction(() => document.getElementById("out").textContent !== "pending");
  assert.deepEqual(JSON.parse(await page.textContent("#out")), [
    "Enter the code from Google Authenticator.", "Ingresa el código de Google Authenticator.",
    "Digite o código do Google Authenticator.", "Enter the code from Google Authenticator.",
    "alice@google.com", "282760",
  ]);
  assert.deepEqual(errors, []);
});

test("a static page importing the package with a module script works", async () => {
  const { page, errors } = await newPage(browser);
  await page.route("**/module-test.html", (route) => route.fulfill({
    contentType: "text/html",
    body: `<!doctype html><output id="out">pending</output><script type="module">
      import { RiffynClient, totp } from "/pkg/mfa_flows.js";
      const c = new RiffynClient({ baseUrl: location.origin + "/riffyn/v1" });
      const step = await c.login({ username: "alice", password: "correct-horse-battery" });
      document.getElementById("out").textContent = step.status + " " + step.factors.length + " " + totp("JBSWY3DPEHPK3PXP").length;
    </script>`,
  }));
  await page.goto(`${sb.url}/module-test.html`);
  await page.waitForFunction(() => document.getElementById("out").textContent !== "pending");
  assert.equal(await page.textContent("#out"), "MFA_REQUIRED 1 6");
  assert.deepEqual(errors, []);
});

test("a redirect is an opaque redirect in a page: bad_response, nothing reaches the Location", async () => {
  const elsewhere = await faultServer({ fallback: { status: 200, headers: { "access-control-allow-origin": "*" }, json: { status: "SUCCESS", accessToken: "other" } } });
  try {
    const { page } = await newPage(browser);
    for (const status of [302, 307, 308]) {
      await page.route(`**/redirect-${status}/**`, (route) => route.fulfill({ status, headers: { location: `${elsewhere.url}/steal` } }));
    }
    await page.goto(`${sb.url}/_sandbox/health`);
    const results = await page.evaluate(async () => {
      const m = await import("/pkg/mfa_flows.js");
      const out = [];
      for (const status of [302, 307, 308]) {
        const c = new m.RiffynClient({ baseUrl: `${location.origin}/redirect-${status}/v1`, headers: { "X-Csrf-Token": "csrf" } });
        try {
          out.push(await c.verify({ stateToken: "st", factorId: "f", passCode: "314159" }));
        } catch (e) {
          out.push([e.code, e.message]);
        }
      }
      return out;
    });
    for (const r of results) {
      assert.equal(r[0], "bad_response", JSON.stringify(r));
      assert.match(r[1], /redirect/);
    }
    assert.deepEqual(elsewhere.requests, [], "nothing reached the other origin");
  } finally {
    await elsewhere.close();
  }
});

test("a CORS refusal in a page names the host, the likely reason and keeps a cause", async () => {
  const noCors = await faultServer({ fallback: { status: 200, json: { status: "SUCCESS", accessToken: "at" } } });
  try {
    const { page } = await newPage(browser);
    await page.goto(`${sb.url}/_sandbox/health`);
    const result = await page.evaluate(async (baseUrl) => {
      const m = await import("/pkg/mfa_flows.js");
      try {
        await new m.RiffynClient({ baseUrl }).login({ username: "bob", password: "cors-secret-pw" });
        return null;
      } catch (e) {
        return { code: e.code, message: e.message, cause: e.cause instanceof Error ? e.cause.message : null };
      }
    }, noCors.url);
    assert.equal(result.code, "network");
    assert.ok(result.message.includes(new URL(noCors.url).host), result.message);
    assert.match(result.message, /blocked by CORS or the network/);
    assert.ok(result.cause, "the host's error is kept as cause");
    assert.ok(!result.cause.includes("cors-secret-pw"));
  } finally {
    await noCors.close();
  }
});
