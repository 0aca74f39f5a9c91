// The guard across instances (issue 23): two proxies, each its own process, share one real
// redis-server through redisStore, with node-redis and with ioredis. Wrong codes alternated
// between them are still capped; a handle bound through one is honoured by the other for the same
// subject only; killing Redis gives 503 with nothing forwarded, and a restart heals it. A scan of
// Redis afterwards finds no handle, code, password or session id in any encoding.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { RiffynClient } from "mfa-flows";
import { createClient } from "redis";
import { sandbox, rejection } from "./helpers.mjs";
import { startRedis } from "./redis-support.mjs";
import { assertNothingReadable } from "./proxy-support.mjs";

let sb;
let redis;
let probe; // the test's own client, to scan what the instances stored
before(async () => {
  sb = await sandbox();
  redis = await startRedis();
});
after(async () => {
  probe?.destroy();
  await redis?.stop();
  await sb?.close();
});

/** One proxy process; resolves { url, stop() }. */
async function instance(kind, prefix) {
  const child = spawn(process.execPath, [new URL("./redis-proxy-child.mjs", import.meta.url).pathname, sb.url, redis.url, kind, prefix, "a-secret-shared-by-both-instances"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const [url] = await Promise.race([
    (async () => {
      for await (const line of createInterface({ input: child.stdout })) return [line];
    })(),
    exited.then(() => {
      throw new Error(`the ${kind} instance exited`);
    }),
  ]);
  return { url, stop: () => (child.kill("SIGTERM"), exited) };
}

const riffyn = (instanceUrl, session) => new RiffynClient({ baseUrl: `${instanceUrl}/riffyn`, headers: { "x-session": session } });
const ALICE = { username: "alice", password: "correct-horse-battery" };
const totp = async () => (await sb.control("GET", "/totp")).find((t) => t.provider === "riffyn").code;
const wrongFor = (right, n) => (String(n).padStart(6, "0") === right ? String(n + 1) : String(n)).padStart(6, "0");
const verifies = async () => (await sb.requests("riffyn")).filter((r) => r.path.endsWith("/verify"));

/** Every key and value under `prefix`. */
async function scan(prefix) {
  probe ??= await createClient({ url: redis.url }).on("error", () => {}).connect();
  const out = [];
  for await (const keys of probe.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    for (const key of [keys].flat()) out.push(key, String(await probe.get(key)));
  }
  return out;
}

for (const kind of ["node-redis", "ioredis"]) {
  test(`two instances share one Redis (${kind}): alternated wrong codes capped, handles bound across instances, Redis killed fails closed`, async () => {
    await sb.reset();
    const prefix = `mfa-${kind}:`;
    const a = await instance(kind, prefix);
    const b = await instance(kind, prefix);
    const markers = [ALICE.password, "session-one", "session-two"];
    try {
      // Wrong codes alternated between A and B: the 6th is refused whichever instance gets it.
      const step = await riffyn(a.url, "session-one").login(ALICE);
      markers.push(step.stateToken);
      const input = { stateToken: step.stateToken, factorId: step.factors[0].id };
      const right = await totp();
      await sb.clearRequests();
      for (let i = 0; i < 5; i++) {
        const via = i % 2 === 0 ? b : a;
        markers.push(wrongFor(right, i));
        assert.equal((await rejection(riffyn(via.url, "session-one").verify({ ...input, passCode: wrongFor(right, i) }))).code, "invalid_code");
      }
      const sixth = await rejection(riffyn(b.url, "session-one").verify({ ...input, passCode: right }));
      assert.deepEqual([sixth.code, sixth.status], ["rate_limited", 429]);
      assert.ok(sixth.retryAfterMs > 0);
      assert.equal((await rejection(riffyn(a.url, "session-one").verify({ ...input, passCode: right }))).code, "rate_limited");
      assert.equal((await verifies()).length, 5, "only 5 reached Riffyn");

      // Bound through A: honoured by B for the same subject, refused for another.
      const bound = await riffyn(a.url, "session-one").login(ALICE);
      markers.push(bound.stateToken, right);
      await sb.clearRequests();
      const otherSubject = await rejection(riffyn(b.url, "session-two").verify({ stateToken: bound.stateToken, factorId: bound.factors[0].id, passCode: right }));
      assert.deepEqual([otherSubject.code, otherSubject.status], ["forbidden", 403]);
      assert.deepEqual(await verifies(), []);
      assert.equal((await riffyn(b.url, "session-one").verify({ stateToken: bound.stateToken, factorId: bound.factors[0].id, passCode: right })).status, "SUCCESS");

      // After the run: nothing readable in Redis.
      const stored = await scan(prefix);
      assert.ok(stored.length > 0, "the instances stored their counts");
      assertNothingReadable(stored, markers);

      // Redis dies: both instances refuse (503), nothing is forwarded; a restart heals them.
      await sb.advanceClock(30_000); // a fresh code
      const pending = await riffyn(a.url, "session-one").login(ALICE);
      probe.destroy(); // the probe would reconnect forever
      probe = undefined;
      await redis.kill();
      await sb.clearRequests();
      const body = JSON.stringify({ stateToken: pending.stateToken, passCode: await totp() });
      const down = await fetch(`${b.url}/riffyn/auth/factor/${pending.factors[0].id}/verify`, {
        method: "POST", headers: { "content-type": "application/json", "x-session": "session-one" }, body,
      });
      assert.equal(down.status, 503);
      assert.equal(down.headers.get("retry-after"), "2", "a short Retry-After");
      assert.deepEqual(await down.json(), { error: "server_error", message: "the proxy cannot check this step now; try again shortly", mfaProxy: "store_unavailable" });
      const client = await rejection(riffyn(a.url, "session-one").verify({ stateToken: pending.stateToken, factorId: pending.factors[0].id, passCode: await totp() }));
      assert.deepEqual([client.code, client.status], ["server_error", 503]);
      assert.deepEqual(await verifies(), [], "nothing reached Riffyn");
      redis = await startRedis(redis.port);
      let healed;
      for (let i = 0; i < 50 && !healed; i++) {
        healed = await riffyn(a.url, "session-one").login(ALICE).catch(() => null);
        if (!healed) await new Promise((done) => setTimeout(done, 100));
      }
      assert.ok(healed, "A works again after the restart");
      assert.equal((await riffyn(b.url, "session-one").verify({ stateToken: healed.stateToken, factorId: healed.factors[0].id, passCode: await totp() })).status, "SUCCESS");
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
}
