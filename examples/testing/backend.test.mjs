// A node:test test of the Express backend (app.mjs) that mounts mfa-flows/server: the page's client
// runs here in Node, against the app, which talks to mfa-flows/testing's sandbox.
// Run: node --test backend.test.mjs
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { OneLoginClient } from "mfa-flows";
import { startSandbox } from "mfa-flows/testing";
import { createApp } from "./app.mjs";

let sandbox;
before(async () => {
  sandbox = await startSandbox(); // pushes wait for approvePush()/denyPush()
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** A fresh app (its own sessions and proxy) on a free port, signed in with the app's password as alice. */
async function signedInApp(t) {
  const { belvo, onelogin } = sandbox.identities;
  const server = createApp({
    riffyn: { baseUrl: sandbox.baseUrls.riffyn },
    belvo: { baseUrl: sandbox.baseUrls.belvo, secretId: belvo.secretId, secretPassword: belvo.secretPassword },
    onelogin: { baseUrl: sandbox.baseUrls.onelogin, clientId: onelogin.clientId, clientSecret: onelogin.clientSecret },
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  const login = await fetch(`${url}/login`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "alice", password: "alice-app-password" }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get("set-cookie").split(";")[0]; // the session, as a browser keeps it
  const { oneloginUserId } = await login.json();
  return {
    userId: oneloginUserId,
    // The page's client, in proxy mode: no credential; the app adds OneLogin's token.
    onelogin: new OneLoginClient({ baseUrl: `${url}/mfa/onelogin`, headers: { cookie } }),
    me: async () => (await fetch(`${url}/me`, { headers: { cookie } })).json(),
  };
}

/** Resolves once the sandbox has answered a poll of the pending push (the phone shows it). */
async function pushPolled() {
  const polled = async () => (await sandbox.requests()).some((r) => r.path.endsWith("/verify"));
  while (!(await polled())) await new Promise((resolve) => setTimeout(resolve, 20));
}

test("a OneLogin push approved on the phone signs the user in; the backend learned it from OneLogin", async (t) => {
  const app = await signedInApp(t);
  const device = sandbox.identities.onelogin.pushDeviceId;
  assert.deepEqual(await app.me(), { user: null, via: null, links: [] });
  const activation = await app.onelogin.activateFactor(app.userId, device);
  const verified = app.onelogin.waitForPush(app.userId, device, activation, { intervalMs: 500 });
  await pushPolled();
  await sandbox.approvePush(); // the user taps Approve
  assert.equal((await verified).status, "VERIFIED");
  assert.deepEqual(await app.me(), { user: "alice", via: "onelogin push", links: [] });
});

test("OneLogin answers 429: a call rejects with rate_limited; a push's polling waits Retry-After and goes on", async (t) => {
  const app = await signedInApp(t);
  const device = sandbox.identities.onelogin.pushDeviceId;

  // The fault answers OneLogin's next request: after the push is sent (and the app holds its token).
  const activation = await app.onelogin.activateFactor(app.userId, device);
  await sandbox.fault({ provider: "onelogin", status: 429, headers: { "retry-after": "30" } });
  await assert.rejects(app.onelogin.enrolledFactors(app.userId), { code: "rate_limited", retryAfterMs: 30_000 });

  await sandbox.fault({ provider: "onelogin", status: 429, headers: { "retry-after": "1" } }); // the first poll
  const verified = app.onelogin.waitForPush(app.userId, device, activation, { intervalMs: 500 });
  await pushPolled();
  await sandbox.approvePush();
  assert.equal((await verified).status, "VERIFIED");
  const polls = (await sandbox.requests()).filter((r) => r.path.endsWith("/verify")).map((r) => r.status);
  assert.equal(polls[0], 429);
  assert.equal(polls.at(-1), 200);
  assert.equal((await app.me()).via, "onelogin push");
});
