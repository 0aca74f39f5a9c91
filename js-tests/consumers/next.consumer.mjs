// Next.js 16 (app router) from the packed tarball, no `serverExternalPackages` or any other setting
// for the package: `next build` with Turbopack and with webpack (a static page prerenders a client
// component that uses the package; a server component runs a Riffyn login per request), then
// `next start` and Chromium runs the login in the client component. About 2 minutes on 2 cores (npm
// install of next from the npm cache ~30 s, the two builds ~20 s and ~40 s); alone: `make test-next`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sandbox } from "../helpers.mjs";
import { launchChromium, newPage } from "../browser.mjs";
import { packAndInstall } from "./install.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies;
let work, app, version, sb, browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "mfa-flows-next-"));
  app = join(work, "app");
  ({ version } = packAndInstall(work, app, {
    fixtures: {
      "riffyn-login.js": "riffyn-login.js", "next/app": "app", "next/next.config.mjs": "next.config.mjs",
      // The README's route handler for the proxy, as shipped in examples/.
      "../../examples/next/app/mfa": "app/mfa",
    },
    packages: ["next", "react", "react-dom"].map((name) => `${name}@${pinned[name]}`),
  }));
  sb = await sandbox();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sb?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs `next …args` in the app; resolves its output when `until` matches it (then leaves it running) or at exit. */
function next(args, until) {
  const child = spawn(process.execPath, [join(app, "node_modules", "next", "dist", "bin", "next"), ...args], {
    cwd: app, env: { ...process.env, SANDBOX_URL: sb.url, RIFFYN_BASE_URL: `${sb.url}/riffyn/v1`, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`next ${args[0]} timed out:\n${output}`)); }, 240_000);
    const check = (chunk) => {
      output += chunk;
      if (until?.test(output)) { clearTimeout(timer); resolve(output); }
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      // (a later settle is ignored once `until` matched)
      if (!until && code === 0) resolve(output);
      else reject(new Error(`next ${args.join(" ")} exited (${code}):\n${output}`));
    });
  });
  return { child, done };
}

const freePort = () => new Promise((resolve) => {
  const srv = createServer().listen(0, "127.0.0.1", () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

for (const bundler of ["turbopack", "webpack"]) {
  test(`next build (${bundler}) and next start: client and server components run a Riffyn login`, async () => {
    await next(["build", `--${bundler}`]).done;
    const prerendered = readFileSync(join(app, ".next", "server", "app", "prerendered.html"), "utf8");
    assert.match(prerendered, /<p id="code">282760<\/p>/, "the client component's server render used the package");
    const port = await freePort();
    const server = next(["start", "-p", String(port), "-H", "127.0.0.1"], /Ready in/);
    try {
      await server.done;
      const { page, errors } = await newPage(browser);
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => document.getElementById("client")?.textContent !== "loading", null, { timeout: 30_000 });
      const expected = `${version} MFA_REQUIRED SUCCESS invalid_credentials`;
      assert.equal(await page.textContent("#server"), expected);
      assert.equal(await page.textContent("#client"), expected);
      // The prerendered page: a module-scope client with baseUrl "/mfa/riffyn", through the route handler,
      // whose `subject` is the app's session cookie (here set as the app's sign-in page would).
      await page.context().addCookies([{ name: "sid", value: "next-test-session", url: `http://127.0.0.1:${port}` }]);
      await page.goto(`http://127.0.0.1:${port}/prerendered`);
      await page.waitForFunction(() => document.getElementById("proxied")?.textContent !== "loading", null, { timeout: 30_000 });
      assert.equal(await page.textContent("#proxied"), "proxied MFA_REQUIRED");
      // The route exports the methods the proxy answers; a path no client sends is the proxy's 404.
      const missing = await fetch(`http://127.0.0.1:${port}/mfa/riffyn/nothing`, { method: "POST" });
      assert.equal(missing.status, 404);
      assert.equal((await missing.json()).mfaProxy, "not_found");
      await page.close();
      assert.deepEqual(errors, []);
    } finally {
      server.child.kill();
    }
  });
}
