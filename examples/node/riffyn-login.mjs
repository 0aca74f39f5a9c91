#!/usr/bin/env node
// Signs in to Riffyn from a script and passes MFA unattended with totp().
//
//   node examples/node/riffyn-login.mjs [baseUrl]
//
// Against the sandbox (`make demo` prints its URL) the defaults work as they are. Against the
// real API set RIFFYN_BASE_URL=https://api.app.riffyn.com/v1, RIFFYN_USERNAME, RIFFYN_PASSWORD and
// RIFFYN_TOTP_SECRET (the base32 secret of your authenticator enrolment).
import { RiffynClient, isMfaError, totp } from "mfa-flows";

const baseUrl = process.argv[2] ?? process.env.RIFFYN_BASE_URL ?? "http://127.0.0.1:4010/riffyn/v1";
const username = process.env.RIFFYN_USERNAME ?? "alice";
const password = process.env.RIFFYN_PASSWORD ?? "correct-horse-battery";
const secret = process.env.RIFFYN_TOTP_SECRET ?? "JBSWY3DPEHPK3PXP";

const mask = (s) => (s ? `${s.slice(0, 4)}…(${s.length})` : "-");

const client = new RiffynClient({ baseUrl, timeoutMs: 10_000 });
try {
  let step = await client.login({ username, password });
  console.log(`riffyn  login ${username} → ${step.status}`);
  if (step.status === "MFA_REQUIRED") {
    const factor = step.factors.find((f) => f.factorType?.includes("totp")) ?? step.factors[0];
    console.log(`riffyn  factor ${factor.id} (${factor.vendorName ?? factor.factorType}), state token ${mask(step.stateToken)}, expires ${step.expiresAt}`);
    step = await client.verify({
      stateToken: step.stateToken,
      factorId: factor.id,
      expiresAt: step.expiresAt,
      passCode: totp(secret),
    });
    console.log(`riffyn  verify code ****** → ${step.status}`);
  }
  console.log(`riffyn  signed in as ${step.username ?? username}, access token ${mask(step.accessToken)} until ${step.accessTokenExpiresAt ?? "?"}`);
} catch (e) {
  if (!isMfaError(e)) throw e;
  console.error(`riffyn  failed: ${e.code}${e.status ? ` (HTTP ${e.status})` : ""}: ${e.message}`);
  process.exitCode = 1;
}
