// A Riffyn login page in headless Chromium that imports only mfa-flows/riffyn: it completes its
// login + verify flow against the sandbox, and fetches nothing of the package's other modules.
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
