// Issue 21, item 1: failing calls release everything they took. 40,000 failing calls of each kind
// (the fetch throws, a non-JSON error answer, a timeout, an abort), through a client and through
// the proxy's handle(), each in its own child process with --expose-gc (leak-child.mjs): the module's
// externref table and its wasm memory stay where the warm-up left them. Before the fix every
// non-JSON answer or `Error` without a `cause` lost a table slot (wasm-bindgen's `catch` imports
// keep a slot for the return value of a call that threw), and the proxy's parsed calls waited
// for the GC.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const CALLS = 40_000;
const PAGE = 64 * 1024;
const EXPECTED = {
  "client throws": "network",
  "client html": "server_error",
  "client timeout": "timeout",
  "client abort": "aborted",
  "proxy throws": "502",
  // The proxy serves no upstream HTML from the app's origin: 502 bad_response.
  "proxy html": "502",
  "proxy timeout": "504",
  "proxy abort": "499",
};

const run = promisify(execFile);

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`${name}: 40,000 failing calls leave the externref table and wasm memory flat`, async () => {
    const child = fileURLToPath(new URL("leak-child.mjs", import.meta.url));
    const { stdout } = await run(process.execPath, ["--expose-gc", child, ...name.split(" "), String(CALLS)], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    const { before, after, seen } = JSON.parse(stdout);
    // Every call failed the intended way, so the path measured is the one under test.
    assert.deepEqual(Object.keys(seen), [expected], `outcomes ${JSON.stringify(seen)}`);
    assert.ok(seen[expected] > CALLS, JSON.stringify(seen));
    // The table grows by doubling: any growth means slots were kept.
    assert.equal(after.table, before.table, `externref table ${before.table} -> ${after.table}`);
    assert.ok(after.memory <= before.memory + PAGE, `wasm memory ${before.memory} -> ${after.memory}`);
  });
}
