#!/usr/bin/env node
// The main job (`make demo`, after `make build`): starts the sandbox on 127.0.0.1 and the demo's
// backend in front of it (the page, and mfa-flows/server at /mfa: the page holds no key), prints
// the page's URL, runs the three MFA flows unattended (examples/node/all-flows.mjs), then keeps
// serving the page until Ctrl-C.
//
//   node scripts/demo.mjs [--port N] [--once] [--verbose]
//
//   --port N     the page's port (also --port=N, or the PORT environment variable; default 4010);
//                the sandbox listens on any free port
//   --once       run the flows and exit with their status (no serving; for CI)
//   --verbose    print the sandbox's request log (method, path and status only)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../sandbox/server.mjs";
import { startDemoBackend } from "../examples-web/backend.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);

function parsePort() {
  const i = args.indexOf("--port");
  const value = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith("--port="))?.slice(7) ?? process.env.PORT ?? "4010";
  const port = Number(value);
  if (value === undefined || !/^\d+$/.test(String(value)) || port > 65535) {
    console.error(`demo: invalid port ${JSON.stringify(value ?? "")}: give a number from 0 to 65535 (0 = any free port)`);
    process.exit(2);
  }
  return port;
}

const port = parsePort();
const once = args.includes("--once");
const verbose = args.includes("--verbose");

if (!existsSync(join(root, "pkg", "mfa_flows.js"))) {
  console.error("demo: pkg/ is missing: run `make build` (or `make demo`, which builds first)");
  process.exit(1);
}

let sandbox, backend;
try {
  sandbox = await startSandbox({ port: 0, host: "127.0.0.1", root, quiet: !verbose });
  backend = await startDemoBackend({ sandboxUrl: sandbox.url, port, host: "127.0.0.1", root });
} catch (error) {
  if (error.code === "EADDRINUSE") {
    console.error(`demo: port ${port} on 127.0.0.1 is busy (another demo or sandbox may be running).`);
    console.error(`demo: stop it, or pick another port: make demo PORT=${port + 1}  (or node scripts/demo.mjs --port ${port + 1})`);
  } else if (error.code === "EACCES") {
    console.error(`demo: not allowed to listen on port ${port}; pick a port above 1023 (PORT=4010).`);
  } else {
    console.error(`demo: the sandbox could not start: ${error.message}`);
  }
  await sandbox?.close();
  process.exit(1);
}

let stopping = false;
async function stop(code) {
  if (stopping) process.exit(code); // a second Ctrl-C: leave at once
  stopping = true;
  child?.kill("SIGTERM");
  await backend.close();
  await sandbox.close();
  process.exit(code);
}
let child = null;
process.on("SIGINT", () => {
  console.log("\ndemo: stopping");
  stop(0);
});
process.on("SIGTERM", () => stop(0));

const page = `${backend.url}/`;
console.log(`demo: sandbox listening on ${sandbox.url}`);
console.log(`demo: demo page          ${page}  (its backend proxies /mfa/… to the sandbox)\n`);

// The example runs as its own process, exactly as a user would run it.
const script = join(root, "examples", "node", "all-flows.mjs");
console.log(`demo: $ node examples/node/all-flows.mjs ${sandbox.url}\n`);
const status = await new Promise((resolve) => {
  child = spawn(process.execPath, [script, sandbox.url], { cwd: root, stdio: "inherit" });
  child.on("exit", (code, signal) => resolve(signal ? 1 : code ?? 1));
  child.on("error", () => resolve(1));
});
child = null;

if (once) {
  await backend.close();
  await sandbox.close();
  process.exit(status);
}

// Give the page the demo users as they were: undo what the script changed (links, devices, pushes).
await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" });
console.log(status === 0 ? "" : "\ndemo: the unattended flows failed (see above); the page is still served.\n");
console.log(`demo: the sandbox was reset for the page. Open ${page} and sign in:`);
console.log("demo:   Riffyn   alice / correct-horse-battery (codes in the device panel), bob / hunter2-hunter2");
console.log("demo:   Belvo    any bank, bnk100 / full (tokens in the device panel)");
console.log("demo:   OneLogin alice (push, authenticator) or bob (enroll an SMS phone)");
console.log("demo: serving until Ctrl-C");
