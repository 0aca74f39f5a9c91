// The examples under examples/proxy/ run as a user would run them (node:http and Express on Node,
// the Fetch-API one unchanged on Deno and on Bun, from npm), against the sandbox: the app's own
// session decides what goes through.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { RiffynClient, BelvoClient, OneLoginClient } from "mfa-flows";
import { sandbox, rejection } from "./helpers.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const EXAMPLES = [
  ["node:http", process.execPath, ["examples/proxy/node-http.mjs"]],
  ["Express", process.execPath, ["examples/proxy/express.mjs"]],
  ["Fetch API on Deno", bin("deno"), ["run", "--allow-net", "--allow-env", "--allow-read", "examples/proxy/fetch.mjs"]],
  ["Fetch API on Bun", bin("bun"), ["examples/proxy/fetch.mjs"]],
];

let sb;
before(async () => {
  sb = await sandbox();
});
after(() => sb?.close());

/** Starts an example; resolves its URL and a stop function once it says it listens. */
function start(command, args) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, SANDBOX_URL: sb.url, PORT: "0", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const stop = () => new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", done);
    child.kill("SIGTERM");
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s: ${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop, output: () => output });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

for (const [name, command, args] of EXAMPLES) {
  test(`examples/proxy: ${name}`, { timeout: 90_000 }, async () => {
    await sb.reset();
    const app = await start(command, args);
    try {
      const login = (password) => fetch(`${app.url}/login`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "alice", password }),
      });
      assert.equal((await login("wrong")).status, 401);
      const signedIn = await login("alice-app-password");
      assert.equal(signedIn.status, 204);
      const cookie = /sid=[\w-]+/.exec(signedIn.headers.get("set-cookie"))?.[0];
      assert.ok(cookie, "a session cookie");

      const client = (Client, provider, headers) => new Client({ baseUrl: `${app.url}/mfa/${provider}`, headers });
      const alice = { cookie };
      assert.equal((await client(OneLoginClient, "onelogin", alice).enrolledFactors(1001)).length, 2);
      assert.equal((await rejection(client(OneLoginClient, "onelogin", alice).enrolledFactors(1002))).code, "forbidden", "another user's factors");
      assert.equal((await rejection(client(OneLoginClient, "onelogin").enrolledFactors(1001))).code, "forbidden", "no session");
      assert.equal((await rejection(client(OneLoginClient, "onelogin", alice).generateMfaToken(1001))).code, "forbidden", "admin operation");
      const step = await client(RiffynClient, "riffyn", alice).login({ username: "alice", password: "correct-horse-battery" });
      assert.equal(step.status, "MFA_REQUIRED");
      const link = await client(BelvoClient, "belvo", alice).registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" });
      assert.equal(link.status, "SUCCESS");
      assert.equal((await client(BelvoClient, "belvo", alice).retrieve("accounts", { link: link.data.id })).status, "SUCCESS");
      const token = await fetch(`${app.url}/mfa/onelogin/auth/oauth2/v2/token`, { method: "POST", headers: { cookie } });
      assert.equal(token.status, 404, "the token endpoint is not routed");
      assert.equal(token.headers.get("cache-control"), "no-store");
      assert.match(app.output(), /verified: alice belvo\.registerLink/, "onResult ran");
    } finally {
      await app.stop();
    }
  });
}
