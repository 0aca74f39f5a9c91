// Figure 3: client CPU per flow step. A flow is login → MFA_REQUIRED → verify → SUCCESS through an
// in-process fake `fetch` (fake-fetch.mjs) given as the `fetch` client option, so no network or
// server time is counted. Flows run one after another within a batch; a batch of BATCH flows is
// timed with process.hrtime.bigint() and divided by its 2×BATCH steps. The SDK and the JS baseline
// alternate batch by batch in the same process after a warm-up of both; the figure is the median
// over batches. The Responses of a batch are built before its timer starts. A third subject is the
// SDK with an `onEvent` that counts the events (as an analytics hook that queues them would):
// `eventsRatio` is its median over the SDK's without one (goal: within 1.05).
import assert from "node:assert/strict";
import { RiffynClient } from "mfa-flows";
import { RiffynJsClient } from "./baseline/riffyn.mjs";
import { cannedBodies, fakeFetch } from "./fake-fetch.mjs";
import { log, main, median, quantile } from "./util.mjs";

const BASE = "https://api.app.riffyn.com/v1";
const CREDS = { username: "alice", password: "correct-horse-battery" };

/** One flow; returns the final step. */
async function flow(client) {
  const step = await client.login(CREDS);
  return client.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, expiresAt: step.expiresAt, passCode: "123456" });
}

/** Both clients must send the same requests and return the same steps, or the comparison is void. */
async function sameWork() {
  const seen = { sdk: [], js: [] };
  const bodies = cannedBodies();
  const record = (into) => {
    const f = fakeFetch(bodies);
    return async (url, init) => {
      into.push({ url, method: init.method, body: init.body ?? null,
        headers: Object.fromEntries(Object.entries(init.headers).map(([k, v]) => [k.toLowerCase(), v])) });
      return f(url, init);
    };
  };
  const a = await flow(new RiffynClient({ baseUrl: BASE, fetch: record(seen.sdk) }));
  const b = await flow(new RiffynJsClient({ baseUrl: BASE, fetch: record(seen.js) }));
  assert.deepEqual(b, a, "the baseline's final step differs from the SDK's");
  assert.deepEqual(seen.js, seen.sdk, "the baseline's requests differ from the SDK's");
}

async function batch(client, fetch, n) {
  fetch.prepare(n);
  const t0 = process.hrtime.bigint();
  let ok = 0;
  for (let i = 0; i < n; i++) if ((await flow(client)).status === "SUCCESS") ok++;
  const ns = Number(process.hrtime.bigint() - t0);
  if (ok !== n) throw new Error(`cpu: ${n - ok} of ${n} flows did not end in SUCCESS`);
  return ns / 1000 / (2 * n); // µs per step
}

export async function measure({
  batch: size = Number(process.env.BENCH_CPU_BATCH ?? 500),
  batches = Number(process.env.BENCH_CPU_BATCHES ?? 30),
  warmup = Number(process.env.BENCH_CPU_WARMUP ?? 3000),
} = {}) {
  await sameWork();
  const subjects = {
    sdk: { fetch: fakeFetch() },
    sdkEvents: { fetch: fakeFetch() },
    baseline: { fetch: fakeFetch() },
  };
  let heard = 0;
  subjects.sdk.client = new RiffynClient({ baseUrl: BASE, fetch: subjects.sdk.fetch });
  subjects.sdkEvents.client = new RiffynClient({ baseUrl: BASE, fetch: subjects.sdkEvents.fetch, onEvent: () => { heard++; } });
  subjects.baseline.client = new RiffynJsClient({ baseUrl: BASE, fetch: subjects.baseline.fetch });
  log(`cpu: warm-up ${warmup} flows each, then ${batches} batches × ${size} flows each, alternating`);
  for (const s of Object.values(subjects)) await batch(s.client, s.fetch, warmup);
  const us = { sdk: [], sdkEvents: [], baseline: [] };
  for (let i = 0; i < batches; i++) {
    const order = [["sdk", "sdkEvents", "baseline"], ["baseline", "sdkEvents", "sdk"], ["sdkEvents", "baseline", "sdk"]][i % 3];
    for (const name of order) us[name].push(await batch(subjects[name].client, subjects[name].fetch, size));
  }
  const summary = (v) => ({ medianUs: median(v), p10Us: quantile(v, 0.1), p90Us: quantile(v, 0.9) });
  return {
    batch: size, batches, warmup, flowsPerSubject: size * batches,
    sdk: summary(us.sdk), sdkEvents: summary(us.sdkEvents), baseline: summary(us.baseline),
    ratio: median(us.sdk) / median(us.baseline),
    eventsRatio: median(us.sdkEvents) / median(us.sdk),
    // Three events per step (request, response, step): the handler ran for every one.
    eventsHeard: heard,
  };
}

await main(import.meta, () => measure());
