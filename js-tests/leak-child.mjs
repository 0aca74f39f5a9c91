// Run by leak.test.mjs as `node --expose-gc js-tests/leak-child.mjs <client|proxy> <kind> <calls>`:
// failing calls of one kind (`throws`: the fetch throws; `html`: a non-JSON error answer;
// `timeout`; `abort`) through a client (the whole SDK's module) or through the proxy's
// `handle()` (the server module) with a failing upstream, in a fresh process so that no other
// kind's high-water mark hides this one's. Prints one JSON line: the module's externref table
// length and wasm memory after a warm-up and after the calls, and the error codes or statuses seen.
//
// Both figures are high-water marks (a table or a memory never shrinks), so after a warm-up of the
// same concurrency any growth is something never released. The table grows by doubling: one slot
// lost per call shows within a few thousand calls.
import { RiffynClient, isMfaError } from "mfa-flows";
import { createMfaProxy } from "mfa-flows/server";
// The generated glue's `initSync` returns the instance the entries already made (bench/concurrency.mjs).
import { initSync as sdkModule } from "../pkg/lib/mfa_flows.js";
import { initSync as proxyModule } from "../pkg/lib/server.js";

const [target, kind, count = "40000"] = process.argv.slice(2);
const CALLS = Number(count);
const WARM_UP = 2_000;
const BATCH = 200;

/** A fetch that fails the way `kind` says; `timeout` and `abort` wait for the signal. */
function failingFetch(kind) {
  switch (kind) {
    // Half throw synchronously, half reject; a page's "Failed to fetch" has no `cause`.
    case "throws": {
      let n = 0;
      return () => {
        if (n++ % 2) throw new TypeError("Failed to fetch");
        return Promise.reject(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") }));
      };
    }
    case "html":
      return async () => new Response("<html><body><h1>500 Internal Server Error</h1></body></html>", {
        status: 500,
        headers: { "content-type": "text/html" },
      });
    case "timeout":
    case "abort":
      return (_url, init) => new Promise((_, reject) => {
        init.signal.addEventListener("abort", () => reject(init.signal.reason ?? new DOMException("aborted", "AbortError")), { once: true });
      });
    default:
      throw new Error(kind);
  }
}

function figures(module) {
  globalThis.gc();
  return { table: module.__wbindgen_externrefs.length, memory: module.memory.buffer.byteLength };
}

/** Runs `n` calls in batches of BATCH; yields to the event loop between batches (finalizers run). */
async function calls(n, one, seen) {
  for (let done = 0; done < n; done += BATCH) {
    const outcomes = await Promise.all(Array.from({ length: Math.min(BATCH, n - done) }, one));
    for (const o of outcomes) seen[o] = (seen[o] ?? 0) + 1;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function measure(module, one) {
  const seen = {};
  await calls(WARM_UP, one, seen);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const before = figures(module);
  await calls(CALLS, one, seen);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { before, after: figures(module), seen };
}

async function client(kind) {
  const riffyn = new RiffynClient({ baseUrl: "https://api.app.riffyn.com/v1", fetch: failingFetch(kind) });
  const credentials = { username: "alice", password: "correct-horse-battery" };
  return measure(sdkModule(), async () => {
    const controller = new AbortController();
    const call = riffyn.login(credentials, kind === "timeout" ? { timeoutMs: 1 } : { signal: controller.signal });
    if (kind === "abort") queueMicrotask(() => controller.abort());
    try {
      await call;
      return "resolved";
    } catch (e) {
      return isMfaError(e) ? e.code : `thrown ${e?.name}`;
    }
  });
}

async function proxy(kind) {
  const mfa = createMfaProxy({
    riffyn: { baseUrl: "https://api.app.riffyn.com/v1" },
    authorize: () => true,
    subject: () => "leak",
    fetch: failingFetch(kind),
    ...(kind === "timeout" ? { timeoutMs: 1 } : {}),
  });
  return measure(proxyModule(), async () => {
    const controller = new AbortController();
    const request = new Request("http://127.0.0.1/mfa/riffyn/auth", {
      method: "POST",
      headers: { authorization: `Basic ${btoa("alice:correct-horse-battery")}` },
      signal: controller.signal,
    });
    const answer = mfa.handle(request);
    if (kind === "abort") setImmediate(() => controller.abort());
    return (await answer).status;
  });
}

console.log(JSON.stringify(await { client, proxy }[target](kind)));
