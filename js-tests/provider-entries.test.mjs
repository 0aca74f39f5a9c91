// The per-provider entries (mfa-flows/riffyn, /belvo, /onelogin, /totp, each its own wasm module)
// beside the whole SDK: their exact exports, one MfaError across all of them, steps that move
// between entries, and a step of another provider refused by a one-provider toChallenge. Each
// provider's full flow tests (riffyn/belvo/onelogin.test.mjs) run against that provider's entry.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as main from "mfa-flows";
import * as mainEmbedded from "mfa-flows/embedded";
import * as riffyn from "mfa-flows/riffyn";
import * as riffynEmbedded from "mfa-flows/riffyn/embedded";
import * as belvo from "mfa-flows/belvo";
import * as belvoEmbedded from "mfa-flows/belvo/embedded";
import * as onelogin from "mfa-flows/onelogin";
import * as oneloginEmbedded from "mfa-flows/onelogin/embedded";
import * as totpEntry from "mfa-flows/totp";
import * as totpEmbedded from "mfa-flows/totp/embedded";
import * as server from "mfa-flows/server";
import { sandbox, rejection } from "./helpers.mjs";

const COMMON = ["MfaError", "VERSION", "isMfaError"];
// docs/API.md, "Loading": what each entry exports besides COMMON.
const ENTRIES = {
  "mfa-flows": [main, mainEmbedded, ["BelvoClient", "OneLoginClient", "RiffynClient", "otpauthUri", "parseOtpauthUri", "toChallenge", "totp"]],
  "mfa-flows/riffyn": [riffyn, riffynEmbedded, ["RiffynClient", "toChallenge"]],
  "mfa-flows/belvo": [belvo, belvoEmbedded, ["BelvoClient", "toChallenge"]],
  "mfa-flows/onelogin": [onelogin, oneloginEmbedded, ["OneLoginClient", "toChallenge"]],
  "mfa-flows/totp": [totpEntry, totpEmbedded, ["otpauthUri", "parseOtpauthUri", "totp"]],
};
const modules = Object.values(ENTRIES).flatMap(([m, embedded]) => [m, embedded]);
const ALICE = { username: "alice", password: "correct-horse-battery" };
const BANK = { institution: "numeric_mx_bank", username: "bnk100", password: "full" };
const ONELOGIN = { clientId: "sbx-client-id", clientSecret: "sbx-client-secret" };
const PROTECT = 526001; // alice's (1001) OneLogin Protect device in the sandbox
let sb;

before(async () => {
  sb = await sandbox();
});
after(() => sb.close());
beforeEach(() => sb.reset());

const riffynCode = async () =>
  (await sb.control("GET", "/totp")).find((c) => c.provider === "riffyn" && c.user === "alice").code;

test("each entry and its /embedded variant export exactly the documented names, one VERSION", () => {
  for (const [name, [m, embedded, own]] of Object.entries(ENTRIES)) {
    assert.deepEqual(Object.keys(m).sort(), [...own, ...COMMON].sort(), name);
    assert.deepEqual(Object.keys(embedded).sort(), Object.keys(m).sort(), `${name}/embedded`);
    for (const key of own) assert.equal(typeof m[key], "function", `${name}: ${key}`);
    assert.equal(m.VERSION, main.VERSION, name);
    assert.equal(embedded.VERSION, main.VERSION, `${name}/embedded`);
  }
  assert.match(main.VERSION, /^\d+\.\d+\.\d+/);
  // The backend entry is plain JS over the whole-SDK module.
  assert.deepEqual(Object.keys(server).sort(), ["createMfaProxy", "memoryStore", "redisStore"]);
});

test("MfaError is one class: an error thrown by any entry is instanceof every entry's MfaError", () => {
  const thrown = {
    "mfa-flows/riffyn": () => new riffyn.RiffynClient({ baseUrl: "http://example.com/v1" }),
    "mfa-flows/belvo": () => new belvo.BelvoClient({ baseUrl: "http://example.com", secretId: "i", secretPassword: "p" }),
    "mfa-flows/onelogin": () => new onelogin.OneLoginClient({ baseUrl: "http://example.com", accessToken: "t" }),
    "mfa-flows/totp": () => totpEntry.totp("not base32 !"),
    "mfa-flows": () => main.totp("not base32 !"),
    "mfa-flows/riffyn/embedded": () => riffynEmbedded.toChallenge(42),
  };
  for (const [from, throwing] of Object.entries(thrown)) {
    let error;
    assert.throws(throwing, (e) => (error = e) instanceof Error);
    assert.ok(["insecure_url", "invalid_input"].includes(error.code), `${from}: ${error.code} ${error.message}`);
    for (const m of modules) {
      assert.equal(m.MfaError, main.MfaError);
      assert.ok(error instanceof m.MfaError, `${from}'s error is an MfaError of every entry`);
      assert.ok(m.isMfaError(error));
    }
  }
});

test("a Riffyn step moves between mfa-flows and mfa-flows/riffyn, as a value and through JSON", async () => {
  const base = { baseUrl: `${sb.url}/riffyn/v1` };
  const step = await new riffyn.RiffynClient(base).login(ALICE);
  assert.equal(step.status, "MFA_REQUIRED");
  const challenge = riffyn.toChallenge(step);
  assert.equal(challenge.provider, "riffyn");
  assert.equal(challenge.kind, "otp");
  assert.deepEqual(main.toChallenge(step), challenge);
  assert.deepEqual(main.toChallenge(step, { locale: "es" }), riffyn.toChallenge(step, { locale: "es" }));

  // Logged in through the whole SDK, verified through the entry (and the other way round).
  const stored = JSON.parse(JSON.stringify(await new main.RiffynClient(base).login(ALICE)));
  assert.deepEqual(riffyn.toChallenge(stored), main.toChallenge(stored));
  const input = ({ stateToken, factors, expiresAt }, passCode) => ({ stateToken, factorId: factors[0].id, expiresAt, passCode });
  const done = await new riffyn.RiffynClient(base).verify(input(stored, await riffynCode()));
  assert.equal(done.status, "SUCCESS");
  assert.equal(done.username, "alice");
  assert.equal(riffyn.toChallenge(done), null);
  assert.equal(main.toChallenge(done), null);
  const again = await new main.RiffynClient(base).verify(input(await new riffyn.RiffynClient(base).login(ALICE), await riffynCode()));
  assert.equal(again.status, "SUCCESS");
});

test("a Belvo step and a OneLogin activation read the same through their entry and the whole SDK", async () => {
  const belvoStep = await new belvo.BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" })
    .registerLink(BANK);
  assert.equal(belvoStep.status, "TOKEN_REQUIRED");
  assert.equal(belvo.toChallenge(belvoStep).provider, "belvo");
  assert.deepEqual(main.toChallenge(belvoStep), belvo.toChallenge(belvoStep));
  const linked = await new main.BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" })
    .resume(JSON.parse(JSON.stringify(belvoStep)), { token: "123456" });
  assert.equal(linked.status, "SUCCESS");

  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await new onelogin.OneLoginClient({ baseUrl: `${sb.url}/onelogin`, ...ONELOGIN }).activateFactor(1001, PROTECT);
  const push = onelogin.toChallenge(activation);
  assert.equal(push.provider, "onelogin");
  assert.equal(push.kind, "push");
  assert.deepEqual(main.toChallenge(activation), push);
  await sb.control("POST", "/pushes/approve", { stateToken: activation.stateToken });
  const verified = await new main.OneLoginClient({ baseUrl: `${sb.url}/onelogin`, ...ONELOGIN })
    .verifyFactor(1001, PROTECT, { stateToken: activation.stateToken });
  assert.equal(verified.status, "VERIFIED");
  assert.equal(onelogin.toChallenge(verified), null);
});

test("a one-provider toChallenge refuses another provider's pending step: invalid_input naming the step", async () => {
  const riffynStep = await new main.RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` }).login(ALICE);
  const belvoStep = await new main.BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" })
    .registerLink(BANK);
  await sb.control("POST", "/push-mode", { mode: "manual" });
  const activation = await new main.OneLoginClient({ baseUrl: `${sb.url}/onelogin`, ...ONELOGIN }).activateFactor(1001, PROTECT);
  const cases = [
    [riffyn, "riffyn", riffynStep, [belvoStep, activation], /^step: not a RiffynStep/],
    [belvo, "belvo", belvoStep, [riffynStep, activation], /^step: not a .*BelvoStep/],
    [onelogin, "onelogin", activation, [riffynStep, belvoStep], /^step: not a .*OneLoginActivation/],
  ];
  for (const [m, name, own, foreign, message] of cases) {
    for (const step of foreign) {
      let error;
      assert.throws(() => m.toChallenge(step), (e) => (error = e) instanceof main.MfaError);
      assert.equal(error.code, "invalid_input", `${name}: ${error.message}`);
      assert.match(error.message, message);
      // Nothing of the step's secrets in the message.
      assert.ok(!error.message.includes(step.stateToken ?? step.session), error.message);
    }
    // The entry keeps working after the refusal.
    assert.equal(m.toChallenge(own).provider, name);
  }
});
