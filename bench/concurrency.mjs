// Figure 4: concurrency and memory, in one Node process.
//
// Memory first (a fresh process, so nothing else has grown the heap): the wasm linear memory
// (`WebAssembly.Memory` buffer byteLength, read from the exports `initSync()` returns once the
// package has instantiated itself) after the import, after a warm-up wave, and after 100,000 more
// flows through the in-process fake fetch, run in waves of WAVE concurrent flows. Wasm memory never
// shrinks, so it is a high-water mark: after the warm-up wave has reached the wave's peak, any
// growth over the 100,000 flows is memory that was never freed. The JS heap after a full GC is
// recorded too when node runs with --expose-gc.
//
// Then 10,000 concurrent flows against the sandbox, started in a child process (its CPU is not in
// this process) and reached with the default global fetch: every flow starts at once; login, then
// verify with totp() on the sandbox's clock. The global fetch is wrapped in a FIFO semaphore (at
// most CAP requests in flight; see README.md for why). Outcomes are counted by error code; wall
// time from the first login to the last answer, and each flow's latency.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { RiffynClient, isMfaError, totp } from "mfa-flows";
// The package exports no `initSync` (its entries instantiate themselves); its generated glue does. The
// same file as the Node entry's own import (node_modules/mfa-flows links to pkg/), so the same instance.
import { initSync } from "../pkg/lib/mfa_flows.js";
import { fakeFetch } from "./fake-fetch.mjs";
import { log, main, median, quantile } from "./util.mjs";

const ALICE = { username: "alice", password: "correct-horse-battery" };
const SECRET = "JBSWY3DPEHPK3PXP";

/** The package's wasm memory in bytes (initSync returns the existing instance's exports). */
export const wasmMemoryBytes = () => initSync().memory.buffer.byteLength;

function heapBytes() {
  if (typeof globalThis.gc !== "function") return null;
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

async function flow(client, passCode) {
  const step = await client.login(ALICE);
  if (step.status !== "MFA_REQUIRED") return step;
  return client.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, expiresAt: step.expiresAt, passCode: passCode() });
}

/** Runs `n` flows at once; resolves { ok, failures: {code: count}, latenciesMs }. */
async function wave(client, n, passCode) {
  const failures = {};
  const latenciesMs = [];
  let ok = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    const t0 = performance.now();
    try {
      const step = await flow(client, passCode);
      if (step.status === "SUCCESS") ok++;
      else failures[`status ${step.status}`] = (failures[`status ${step.status}`] ?? 0) + 1;
    } catch (e) {
      const code = isMfaError(e) ? e.code : `thrown ${e?.name ?? typeof e}`;
      failures[code] = (failures[code] ?? 0) + 1;
    }
    latenciesMs.push(performance.now() - t0);
  }));
  return { ok, failures, latenciesMs };
}

async function memory({ flows, waveSize }) {
  const fetch = fakeFetch();
  const client = new RiffynClient({ baseUrl: "https://api.app.riffyn.com/v1", fetch });
  const code = () => "123456";
  const atImport = wasmMemoryBytes();
  await wave(client, waveSize, code);
  const before = { wasm: wasmMemoryBytes(), heap: heapBytes() };
  log(`memory: ${flows} flows through the fake fetch, waves of ${waveSize}`);
  let ok = 0;
  const t0 = performance.now();
  for (let done = 0; done < flows; done += waveSize) ok += (await wave(client, Math.min(waveSize, flows - done), code)).ok;
  const ms = performance.now() - t0;
  const after = { wasm: wasmMemoryBytes(), heap: heapBytes() };
  return { flows, waveSize, ok, ms, wasmAtImport: atImport, before, after };
}

async function startSandboxChild() {
  const server = fileURLToPath(new URL("sandbox-child.mjs", import.meta.url));
  // stdin is a pipe: when this process ends, however it ends, the sandbox sees EOF and stops.
  const child = spawn(process.execPath, [server], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8");
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`sandbox exited (${code}) before listening`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /sandbox listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  return { url, close: async () => { child.stdin.end(); await once(child, "exit"); } };
}

/**
 * The default global fetch behind a counting semaphore: at most `cap` requests in flight, the
 * rest wait in FIFO order (0 = no cap). The wait counts toward the SDK's per-request timeout.
 */
export function cappedFetch(cap) {
  if (!cap) return undefined;
  let inFlight = 0;
  let peak = 0;
  const queue = [];
  const limited = async (url, init) => {
    if (inFlight >= cap) await new Promise((resolve) => queue.push(resolve));
    else inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      const res = await globalThis.fetch(url, init);
      // The slot is held until the body is read, as a connection would be.
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      const next = queue.shift();
      if (next) next(); // hands the slot over: inFlight stays the same
      else inFlight--;
    }
  };
  limited.peak = () => peak;
  return limited;
}

async function sandboxRun({ flows, cap }) {
  const sb = await startSandboxChild();
  try {
    const clock = await (await fetch(`${sb.url}/_sandbox/clock`)).json();
    const offsetMs = clock.now - Date.now();
    const capped = cappedFetch(cap);
    const client = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1`, ...(capped && { fetch: capped }) });
    await flow(client, () => totp(SECRET, { timestamp: Date.now() + offsetMs })); // one flow end to end first
    log(`concurrency: ${flows} concurrent flows against the sandbox (child process)`);
    const t0 = performance.now();
    const r = await wave(client, flows, () => totp(SECRET, { timestamp: Date.now() + offsetMs }));
    const wallMs = performance.now() - t0;
    return {
      flows, cap, peakInFlight: capped ? capped.peak() : null, ok: r.ok, failures: r.failures, wallMs,
      latencyMs: { median: median(r.latenciesMs), p99: quantile(r.latenciesMs, 0.99), max: Math.max(...r.latenciesMs) },
      wasmAfter: wasmMemoryBytes(),
    };
  } finally {
    await sb.close();
  }
}

export async function measure({
  memoryFlows = Number(process.env.BENCH_MEMORY_FLOWS ?? 100_000),
  waveSize = Number(process.env.BENCH_MEMORY_WAVE ?? 100),
  sandboxFlows = Number(process.env.BENCH_SANDBOX_FLOWS ?? 10_000),
  cap = Number(process.env.BENCH_SANDBOX_CAP ?? 256),
} = {}) {
  const mem = memoryFlows > 0 ? await memory({ flows: memoryFlows, waveSize }) : null;
  const sandbox = await sandboxRun({ flows: sandboxFlows, cap });
  return { memory: mem, sandbox, gc: typeof globalThis.gc === "function" };
}

await main(import.meta, () => measure());
