// toChallenge() on the steps the three clients really return (run against the sandbox), on
// steps after a JSON round trip (sessionStorage), on literal steps, and on garbage.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { RiffynClient, BelvoClient, OneLoginClient, MfaError, toChallenge } from "mfa-flows";
import { sandbox } from "./helpers.mjs";

let sb, riffyn, belvo, onelogin;
before(async () => {
  sb = await sandbox();
  riffyn = new RiffynClient({ baseUrl: `${sb.url}/riffyn/v1` });
  belvo = new BelvoClient({ baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" });
  onelogin = new OneLoginClient({ baseUrl: `${sb.url}/onelogin`, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" });
});
after(() => sb.close());
beforeEach(() => sb.reset());

const roundTrip = (v) => JSON.parse(JSON.stringify(v));
const BANK = { username: "bnk100", password: "full" };
const register = (institution) => belvo.registerLink({ institution, ...BANK });

/** toChallenge of a step, checked to be the same after a JSON round trip. */
function challengeOf(step) {
  const challenge = toChallenge(step);
  assert.deepEqual(toChallenge(roundTrip(step)), challenge, "the same after JSON.stringify/parse");
  return challenge;
}

test("Riffyn MFA_REQUIRED → otp with the factor labelled, expiring with the step", async () => {
  const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
  assert.deepEqual(challengeOf(step), {
    provider: "riffyn",
    kind: "otp",
    prompt: "Enter the code from Google Authenticator.",
    messageId: "otp.from",
    params: { name: "Google Authenticator" },
    input: { inputMode: "numeric", autocomplete: "one-time-code" },
    actions: ["submit", "cancel"],
    expiresAt: step.expiresAt,
    factors: [{ id: "uft2rfyn7totp0001", label: "Google Authenticator" }],
  });
});

test("Riffyn SUCCESS → null", async () => {
  assert.equal(challengeOf(await riffyn.login({ username: "bob", password: "hunter2-hunter2" })), null);
});

test("Belvo numeric token (register and chained) → otp showing the challenge number", async () => {
  const first = await register("chained_co_bank");
  const c1 = challengeOf(first);
  assert.equal(c1.provider, "belvo");
  assert.equal(c1.kind, "otp");
  assert.equal(c1.prompt, "Enter the challenge in your token device and type the code it shows.");
  assert.equal(c1.expiresAt, first.expiresAt);
  assert.equal(c1.display.type, "numeric");
  assert.equal(c1.display.value, first.tokenGenerationData.value);
  assert.match(c1.display.value, /^\d{5}$/);
  assert.equal(c1.factors, undefined);

  const second = await belvo.resume(first, { token: "123456" });
  const c2 = challengeOf(second);
  assert.equal(c2.kind, "otp");
  assert.notEqual(c2.display.value, undefined);
  assert.equal(c2.expiresAt, second.expiresAt);

  const done = await belvo.resume(second, { token: "654321" });
  assert.equal(done.status, "SUCCESS");
  assert.equal(challengeOf(done), null, "a created link: nothing pending");
});

test("Belvo QR → qr with the payload to draw", async () => {
  const step = await register("qrcode_br_bank");
  assert.deepEqual(challengeOf(step), {
    provider: "belvo",
    kind: "qr",
    prompt: "Scan the QR code with your bank app.",
    messageId: "provider.text",
    params: { text: "Scan the QR code with your bank app." },
    actions: ["continue", "cancel"],
    expiresAt: step.expiresAt,
    display: { type: "qr", value: step.tokenGenerationData.value },
  });
  assert.match(step.tokenGenerationData.value, /^otpauth:\/\//);
});

test("Belvo inputless → confirm, nothing to show", async () => {
  const step = await register("inputless_mx_bank");
  assert.deepEqual(challengeOf(step), {
    provider: "belvo", kind: "confirm", prompt: "Confirm the login in your bank app.", expiresAt: step.expiresAt,
    messageId: "provider.text", params: { text: "Confirm the login in your bank app." }, actions: ["continue", "cancel"],
  });
});

test("Belvo legacy 428 (no token_generation_data) → otp with a generic prompt", async () => {
  const step = await register("legacy_mx_bank");
  assert.deepEqual(challengeOf(step), {
    provider: "belvo", kind: "otp", prompt: "Enter the token from your bank.", expiresAt: step.expiresAt,
    messageId: "bank.token", input: { inputMode: "numeric", autocomplete: "one-time-code" }, actions: ["submit", "cancel"],
  });
});

test("Belvo data retrieval 428 and SUCCESS", async () => {
  const link = (await register("erebor_mx_retail")).data.id;
  const accounts = await belvo.retrieve("accounts", { link });
  assert.equal(accounts.status, "SUCCESS");
  assert.equal(challengeOf(accounts), null);
  const numericLink = (await belvo.resume(await register("numeric_mx_bank"), { token: "123456" })).data.id;
  const step = await belvo.retrieve("accounts", { link: numericLink });
  assert.equal(challengeOf(step).kind, "otp");
});

test("Belvo QR type in any spelling → qr (literal steps)", () => {
  const base = { status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: "2030-01-01T00:00:00Z", expirySeconds: 600, resumePath: "/api/links/" };
  for (const type of ["QR", "qrcode", "QR_CODE", "qr_code"]) {
    const c = toChallenge({ ...base, tokenGenerationData: { type, value: "x", expectsUserInput: true } });
    assert.equal(c.kind, "qr", type);
    assert.deepEqual(c.display, { type: "qr", value: "x" });
  }
});

test("OneLogin activations: SMS → otp, OneLogin Protect → push, authenticator → otp", async () => {
  const device = await onelogin.enrollFactor(1002, { factorId: 16282, displayName: "Bob's phone", number: "+14155550100" });
  const sms = await onelogin.activateFactor(1002, device.id);
  assert.deepEqual(challengeOf(sms), {
    provider: "onelogin", kind: "otp", prompt: "Enter the code we sent to your phone by text message.", expiresAt: sms.expiresAt,
    messageId: "otp.sms", input: { inputMode: "text", autocomplete: "one-time-code" }, actions: ["submit", "cancel", "resend"],
  });

  const push = await onelogin.activateFactor(1001, 526001);
  assert.deepEqual(challengeOf(push), {
    provider: "onelogin", kind: "push", prompt: "Approve the sign-in request in OneLogin Protect on your phone.", expiresAt: push.expiresAt,
    messageId: "push.onelogin", actions: ["cancel", "resend"],
  });

  const authenticator = await onelogin.activateFactor(1001, 525001);
  assert.equal(challengeOf(authenticator).kind, "otp");
  assert.equal(challengeOf(authenticator).prompt, "Enter the code from Google Authenticator.");
});

test("OneLogin verifications (VERIFIED, PENDING) → null", async () => {
  const push = await onelogin.activateFactor(1001, 526001);
  const pending = await onelogin.verifyFactor(1001, push.deviceId, { stateToken: push.stateToken });
  assert.equal(pending.status, "PENDING");
  assert.equal(challengeOf(pending), null);
  const { code } = (await sb.control("GET", "/totp")).find((r) => r.provider === "onelogin");
  const verified = await onelogin.verifyFactor(1001, 525001, { otpToken: code });
  assert.equal(verified.status, "VERIFIED");
  assert.equal(challengeOf(verified), null);
});

test("anything else throws MfaError invalid_input", () => {
  for (const garbage of [
    undefined, null, 0, "MFA_REQUIRED", [], {}, { status: "NOPE" }, { status: "SUCCESS" },
    { status: "MFA_REQUIRED" }, { status: "TOKEN_REQUIRED" }, { stateToken: "x" }, { deviceId: 1 },
    { status: 5 }, { status: "MFA_REQUIRED", stateToken: 7, factors: [] }, { status: "MFA_REQUIRED", stateToken: "s", factors: "x" },
  ]) {
    assert.throws(() => toChallenge(garbage), (e) => {
      assert.ok(e instanceof MfaError, JSON.stringify(garbage));
      assert.equal(e.code, "invalid_input", JSON.stringify(garbage));
      assert.match(e.message, /^step: /);
      return true;
    });
  }
});

test("a state token never appears in an error message", () => {
  const secret = "st-very-secret-token-123";
  assert.throws(() => toChallenge({ status: "MFA_REQUIRED", stateToken: secret, factors: [{ id: 5 }] }), (e) => {
    assert.equal(e.code, "invalid_input");
    assert.doesNotMatch(e.message, new RegExp(secret));
    return true;
  });
});
