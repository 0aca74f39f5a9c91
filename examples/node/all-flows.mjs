#!/usr/bin/env node
// Runs the three MFA flows of mfa-flows unattended against the sandbox and prints a short
// transcript (codes, tokens and keys masked):
//
//   node examples/node/all-flows.mjs [sandboxUrl]        (default $SANDBOX_URL or http://127.0.0.1:4010)
//
// - Riffyn: login alice → MFA_REQUIRED → verify with totp() → SUCCESS;
// - Belvo: register a link at a bank with two chained numeric tokens → SUCCESS;
// - OneLogin: enroll an SMS phone for bob → trigger → verify with the texted code; then a
//   OneLogin Protect push for alice, approved on the "phone".
// The user's devices (token device, text messages, Protect) are played by the sandbox's
// control API (./sandbox-device.mjs). `make demo` runs this script before serving the page.
import { pathToFileURL } from "node:url";
import { RiffynClient, BelvoClient, OneLoginClient, isMfaError, toChallenge, totp, VERSION } from "mfa-flows";
import { sandboxDevice } from "./sandbox-device.mjs";

// The sandbox's demo identities (sandbox/README.md, "Demo identities").
const RIFFYN_USER = { username: "alice", password: "correct-horse-battery" };
const RIFFYN_TOTP_SECRET = "JBSWY3DPEHPK3PXP";
const BELVO_KEYS = { secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" };
const BANK_LOGIN = { institution: "chained_co_bank", username: "bnk100", password: "full" };
const ONELOGIN_KEYS = { clientId: "sbx-client-id", clientSecret: "sbx-client-secret" };
const ALICE = 1001;
const BOB = 1002;
const PHONE = "+14155550100";

/** "eyJhbGciOi…" → "eyJh…(228)". */
export const mask = (secret) => (secret ? `${String(secret).slice(0, 4)}…(${String(secret).length})` : "–");
const maskPhone = (n) => `${n.slice(0, 5)}•••${n.slice(-2)}`;

/** One transcript line: `riffyn    login alice ........ MFA_REQUIRED (1 factor)`. */
export function line(provider, action, result) {
  const dots = ".".repeat(Math.max(3, 38 - action.length));
  return `${provider.padEnd(9)} ${action} ${dots} ${result}`;
}

const describe = (challenge) => (challenge ? `${challenge.kind}: "${challenge.prompt}"` : "no challenge pending");

async function riffyn(baseUrl, print) {
  const client = new RiffynClient({ baseUrl: `${baseUrl}/riffyn/v1`, timeoutMs: 10_000 });
  let step = await client.login(RIFFYN_USER);
  const factors = step.factors ?? [];
  print(line("riffyn", `login ${RIFFYN_USER.username}`, `${step.status} (${factors.length} factor${factors.length === 1 ? "" : "s"})`));
  if (step.status !== "MFA_REQUIRED") throw new Error("expected MFA_REQUIRED for alice");
  const challenge = toChallenge(step);
  print(line("riffyn", "challenge", describe(challenge)));
  const factor = challenge.factors[0];
  step = await client.verify({ stateToken: step.stateToken, factorId: factor.id, expiresAt: step.expiresAt, passCode: totp(RIFFYN_TOTP_SECRET) });
  print(line("riffyn", "verify totp() code ******", `${step.status} (access token ${mask(step.accessToken)})`));
}

async function belvo(baseUrl, device, print) {
  const client = new BelvoClient({ baseUrl: `${baseUrl}/belvo`, ...BELVO_KEYS, timeoutMs: 10_000 });
  let step = await client.registerLink(BANK_LOGIN);
  print(line("belvo", `register link ${BANK_LOGIN.institution}`, step.status));
  // The bank may ask again after each token (chained MFA): loop until SUCCESS.
  for (let check = 1; step.status === "TOKEN_REQUIRED"; check++) {
    const challenge = toChallenge(step);
    const shown = challenge.display ? ` (${challenge.display.type} ${challenge.display.value})` : "";
    print(line("belvo", `challenge ${check}`, `${challenge.kind}${shown}`));
    if (check > 5) throw new Error("the bank keeps asking for tokens");
    const answer = challenge.kind === "otp" ? { token: await device.bankToken(step.session) } : {};
    step = await client.resume(step, answer);
    print(line("belvo", answer.token ? "resume with token ******" : "resume", step.status));
  }
  print(line("belvo", "link", `${step.data.status}, id ${step.data.id}`));
}

async function onelogin(baseUrl, device, print) {
  const client = new OneLoginClient({ baseUrl: `${baseUrl}/onelogin`, ...ONELOGIN_KEYS, timeoutMs: 10_000 });
  // A phone left enrolled by an earlier run would make SMS unavailable: remove it first.
  for (const old of (await client.enrolledFactors(BOB)).filter((d) => /sms/i.test(d.authFactorName ?? ""))) {
    await client.removeFactor(BOB, old.id);
    print(line("onelogin", `remove earlier device ${old.id}`, "removed"));
  }
  const available = await client.availableFactors(BOB);
  print(line("onelogin", `factors available to bob (${BOB})`, available.map((f) => f.name).join(", ")));
  const sms = available.find((f) => /sms/i.test(f.name));
  if (!sms) throw new Error("bob has no SMS factor to enroll");
  const phone = await client.enrollFactor(BOB, { factorId: sms.factorId, displayName: "Bob's phone", number: PHONE });
  print(line("onelogin", `enroll ${sms.name} ${maskPhone(PHONE)}`, `device ${phone.id}, ${phone.active ? "active" : "not verified"}`));
  const activation = await client.activateFactor(BOB, phone.id);
  print(line("onelogin", `trigger device ${phone.id}`, describe(toChallenge(activation))));
  const verified = await client.verifyFactor(BOB, activation.deviceId, {
    stateToken: activation.stateToken, otpToken: await device.smsCode(activation.deviceId), expiresAt: activation.expiresAt,
  });
  print(line("onelogin", "verify texted code ******", verified.status));
  await client.removeFactor(BOB, phone.id); // leave bob as he was, so the script can run again
  print(line("onelogin", `remove device ${phone.id}`, "removed"));

  // A push: pending until the person approves it on the phone.
  await device.pushMode("manual");
  const protect = (await client.enrolledFactors(ALICE)).find((d) => /protect/i.test(d.authFactorName ?? ""));
  const push = await client.activateFactor(ALICE, protect.id);
  print(line("onelogin", `push to ${protect.userDisplayName ?? "OneLogin Protect"}`, describe(toChallenge(push))));
  let polls = 0;
  const result = await client.waitForPush(ALICE, push.deviceId, push, {
    intervalMs: 500,
    onPoll: (attempt) => {
      polls = attempt;
      if (attempt === 2) device.approvePush(push.stateToken).catch(() => {});
    },
  });
  print(line("onelogin", "approved on the phone", `${result.status} after ${polls} polls`));
}

/** Runs the three flows against a sandbox; resolves true when all passed. */
export async function allFlows(sandboxUrl, print = console.log) {
  const device = sandboxDevice(sandboxUrl);
  print(`mfa-flows ${VERSION}: three MFA flows against ${sandboxUrl}\n`);
  let ok = true;
  for (const [name, run] of [["riffyn", () => riffyn(sandboxUrl, print)], ["belvo", () => belvo(sandboxUrl, device, print)], ["onelogin", () => onelogin(sandboxUrl, device, print)]]) {
    try {
      await run();
    } catch (error) {
      ok = false;
      const why = isMfaError(error) ? `${error.code}${error.status ? ` (HTTP ${error.status})` : ""}: ${error.message}` : error.message;
      print(line(name, "FAILED", why));
    }
  }
  print(ok ? "\nall flows passed" : "\nsome flows failed");
  return ok;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = (process.argv[2] ?? process.env.SANDBOX_URL ?? "http://127.0.0.1:4010").replace(/\/+$/, "");
  process.exitCode = (await allFlows(url)) ? 0 : 1;
}
