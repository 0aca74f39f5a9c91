// The seven OneLogin API v1 MFA operations (digest §2.4) for one user.
import { reply, now, iso, isoSeconds, hex, digits, randomString } from "./util.mjs";
import { verifyTotp } from "./totp.mjs";
import { olError, successStatus, readJsonObject } from "./onelogin-common.mjs";
import { FACTORS, ENROLLABLE_KINDS, deviceView } from "./onelogin-users.mjs";

const DEFAULT_STATE_TOKEN_SECONDS = 120;
const MAX_STATE_TOKEN_SECONDS = 900;
const MAX_MFA_TOKEN_SECONDS = 259200; // 72 h, the documented default and maximum
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I: codes are read off a phone

const TRIGGER_MESSAGES = {
  sms: "SMS token sent to your mobile device. Authentication pending.",
  voice: "Voice call placed to your phone. Authentication pending.",
  push: "Push notification sent to OneLogin Protect. Authentication pending.",
  totp: "Enter the code from your authenticator app. Authentication pending.",
};
const PENDING = { status: successStatus("Authentication pending on OL Protect", "pending") };
const failedFactor = () => olError(401, "Failed authentication with this factor");

/** GET auth_factors | auth_factor: the factors the user can still enrol. */
export function availableFactors(ctx, user) {
  const enrolled = new Set(user.devices.map((d) => d.factorId));
  const factors = user.availableFactorIds.filter((id) => !enrolled.has(id)).map((id) => ({ name: FACTORS[id].name, factor_id: id }));
  return reply(200, { status: successStatus(), data: { auth_factors: factors } });
}

/** GET otp_devices */
export function enrolledFactors(ctx, user) {
  return reply(200, { status: successStatus(), data: { otp_devices: user.devices.map(deviceView) } });
}

/** POST otp_devices {factor_id, display_name, number, verified?} */
export function enrollFactor(ctx, user) {
  const { body, fail } = readJsonObject(ctx, ["factor_id", "display_name", "number", "verified"]);
  if (fail) return fail;
  if (!Number.isInteger(body.factor_id)) return olError(400, "factor_id is required and must be an integer");
  if (typeof body.display_name !== "string" || !body.display_name.trim()) return olError(400, "display_name is required");
  if (body.verified !== undefined && typeof body.verified !== "boolean") return olError(400, "verified must be a boolean");
  const factor = FACTORS[body.factor_id];
  if (!factor || !user.availableFactorIds.includes(body.factor_id)) return olError(400, `Factor ${body.factor_id} is not available for this user`);
  if (!ENROLLABLE_KINDS.includes(factor.kind)) return olError(400, "Only OneLogin SMS and OneLogin Voice can be enrolled with this API");
  if (typeof body.number !== "string" || !/^\+[1-9]\d{6,14}$/.test(body.number)) return olError(400, "number is required in E.164 format, e.g. +14155550100");

  const ol = ctx.state.onelogin;
  const device = {
    id: ol.nextDeviceId++,
    userId: user.id,
    factorId: body.factor_id,
    kind: factor.kind,
    active: body.verified === true,
    default: user.devices.length === 0,
    auth_factor_name: factor.name,
    type_display_name: factor.name,
    user_display_name: body.display_name,
    needs_trigger: true,
    phone_number: body.number,
  };
  user.devices.push(device);
  const challenge = openChallenge(ctx, device, { seconds: DEFAULT_STATE_TOKEN_SECONDS, numeric: factor.kind === "voice" });
  return reply(200, { status: successStatus(), data: [{ ...deviceView(device), state_token: challenge.stateToken }] });
}

/** POST otp_devices/{id}/trigger [{state_token_expires_in, numeric_sms_otp, sms_message}] */
export function triggerFactor(ctx, user, deviceId) {
  const { body, fail } = readJsonObject(ctx, ["state_token_expires_in", "numeric_sms_otp", "sms_message"]);
  if (fail) return fail;
  const device = findDevice(user, deviceId);
  if (!device) return deviceNotFound(deviceId);
  const seconds = body.state_token_expires_in ?? DEFAULT_STATE_TOKEN_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_STATE_TOKEN_SECONDS) {
    return olError(400, `state_token_expires_in must be an integer between 1 and ${MAX_STATE_TOKEN_SECONDS}`);
  }
  if (body.numeric_sms_otp !== undefined && typeof body.numeric_sms_otp !== "boolean") return olError(400, "numeric_sms_otp must be a boolean");
  if (body.sms_message !== undefined && typeof body.sms_message !== "string") return olError(400, "sms_message must be a string");
  const template = device.kind === "sms" ? body.sms_message : undefined;
  const numeric = device.kind === "voice" || body.numeric_sms_otp === true;
  const challenge = openChallenge(ctx, device, { seconds, numeric, template });
  if (challenge.fail) return challenge.fail;
  return reply(200, {
    status: successStatus(TRIGGER_MESSAGES[device.kind]),
    data: [{
      user_display_name: device.user_display_name,
      active: device.active,
      state_token: challenge.stateToken,
      auth_factor_name: device.auth_factor_name,
      type_display_name: device.type_display_name,
      // The documented trigger answer has an `id` (the transaction) that differs from `device_id`.
      id: challenge.triggerId,
      device_id: device.id,
    }],
  });
}

/**
 * Opens a state token for a device. SMS/Voice codes go to the outbox; pushes wait for polls.
 * Returns the challenge, or { fail } when the SMS text is too long.
 */
function openChallenge(ctx, device, { seconds, numeric, template }) {
  const ol = ctx.state.onelogin;
  const t = now(ctx.state);
  const challenge = {
    stateToken: hex(20),
    triggerId: ol.nextTriggerId++,
    userId: device.userId,
    deviceId: device.id,
    kind: device.kind,
    code: null,
    createdAtMs: t,
    expiresAtMs: t + seconds * 1000,
    polls: 0,
    decision: "pending",
  };
  if (device.kind === "sms" || device.kind === "voice") {
    challenge.code = numeric ? digits(6) : randomString(6, ALNUM);
    const minutes = String(Math.ceil(seconds / 60));
    const text = template !== undefined
      ? template.replaceAll("{{otp_code}}", challenge.code).replaceAll("{{expiration}}", minutes)
      : device.kind === "voice"
        ? `OneLogin voice call: your code is ${challenge.code.split("").join(" ")}.`
        : `Your OneLogin verification code is ${challenge.code}. It expires in ${minutes} minutes.`;
    if (text.length > 160) return { fail: olError(400, "sms_message must be at most 160 characters after substitution") };
    ctx.state.outbox.push({ to: device.phone_number, body: text, code: challenge.code, userId: device.userId, deviceId: device.id, channel: device.kind, at: iso(t) });
  }
  ol.challenges.set(challenge.stateToken, challenge);
  return challenge;
}

/** POST otp_devices/{id}/verify {state_token?, otp_token?} */
export function verifyFactor(ctx, user, deviceId) {
  const { body, fail } = readJsonObject(ctx, ["state_token", "otp_token"]);
  if (fail) return fail;
  for (const k of ["state_token", "otp_token"]) {
    if (body[k] !== undefined && typeof body[k] !== "string") return olError(400, `${k} must be a string`);
  }
  if (deviceId === "0") return verifyMfaToken(ctx, user, body.otp_token);
  const device = findDevice(user, deviceId);
  if (!device) return deviceNotFound(deviceId);
  const t = now(ctx.state);

  // An authenticator needs no trigger: a bare {otp_token} is verified against the TOTP secret.
  let challenge = null;
  if (body.state_token !== undefined || device.kind !== "totp") {
    if (body.state_token === undefined) return olError(400, "state_token is required");
    challenge = ctx.state.onelogin.challenges.get(body.state_token);
    if (!challenge || challenge.deviceId !== device.id) return olError(400, "Invalid state_token");
    if (t >= challenge.expiresAtMs) return olError(400, "State token expired");
  }
  if (device.kind === "push") return pollPush(ctx, device, challenge, body.otp_token);
  if (body.otp_token === undefined || body.otp_token === "") return olError(400, "otp_token is required");

  const ok = device.kind === "totp"
    ? verifyTotp(device.secret, body.otp_token, { timestamp: t, window: 1 })
    : body.otp_token.toUpperCase() === challenge.code;
  // A wrong code leaves the state token usable until it expires.
  if (!ok) return failedFactor();
  if (challenge) ctx.state.onelogin.challenges.delete(challenge.stateToken);
  device.active = true;
  return reply(200, { status: successStatus() });
}

/** One poll of a OneLogin Protect push: pending until approved (auto: on the Nth poll) or denied. */
function pollPush(ctx, device, challenge, otpToken) {
  if (otpToken !== undefined) return failedFactor(); // the sandbox's Protect devices are push-only
  const { push, challenges } = ctx.state.onelogin;
  challenge.polls += 1;
  if (challenge.decision === "pending" && push.mode === "auto" && challenge.polls >= push.polls) challenge.decision = "approved";
  if (challenge.decision === "denied") return olError(400, "Authentication denied by the user");
  if (challenge.decision === "pending") return reply(200, PENDING);
  challenges.delete(challenge.stateToken);
  device.active = true;
  return reply(200, { status: successStatus() });
}

/** device_id 0: a temporary MFA token from POST mfa_token. */
function verifyMfaToken(ctx, user, otpToken) {
  if (otpToken === undefined || otpToken === "") return olError(400, "otp_token is required");
  const ol = ctx.state.onelogin;
  const t = now(ctx.state);
  const i = ol.mfaTokens.findIndex((m) => m.userId === user.id && m.token === otpToken && t < m.expiresAtMs);
  if (i < 0) return failedFactor();
  if (!ol.mfaTokens[i].reusable) ol.mfaTokens.splice(i, 1);
  return reply(200, { status: successStatus() });
}

/** DELETE otp_devices/{id} */
export function removeFactor(ctx, user, deviceId) {
  const device = findDevice(user, deviceId);
  if (!device) return deviceNotFound(deviceId);
  user.devices.splice(user.devices.indexOf(device), 1);
  const { challenges } = ctx.state.onelogin;
  for (const [key, c] of challenges) if (c.deviceId === device.id) challenges.delete(key);
  return reply(200, { status: successStatus() });
}

/** POST mfa_token {expires_in?, reusable?}: the answer is NOT wrapped in status/data. */
export function generateMfaToken(ctx, user) {
  const { body, fail } = readJsonObject(ctx, ["expires_in", "reusable"]);
  if (fail) return fail;
  // The docs' own sample sends "300" and "true" as strings: accept both forms.
  const seconds = body.expires_in === undefined ? MAX_MFA_TOKEN_SECONDS : Number(body.expires_in);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_MFA_TOKEN_SECONDS || (typeof body.expires_in === "string" && !/^\d+$/.test(body.expires_in))) {
    return olError(400, `expires_in must be an integer number of seconds between 1 and ${MAX_MFA_TOKEN_SECONDS}`);
  }
  const reusable = body.reusable === undefined ? false : body.reusable === true || body.reusable === "true" ? true : body.reusable === false || body.reusable === "false" ? false : null;
  if (reusable === null) return olError(400, "reusable must be a boolean");
  const expiresAtMs = now(ctx.state) + seconds * 1000;
  const token = digits(8);
  ctx.state.onelogin.mfaTokens.push({ userId: user.id, token, reusable, expiresAtMs });
  return reply(200, { mfa_token: token, reusable, expires_at: isoSeconds(expiresAtMs) });
}

function findDevice(user, deviceId) {
  return /^\d+$/.test(deviceId) ? user.devices.find((d) => d.id === Number(deviceId)) : undefined;
}

const deviceNotFound = (deviceId) => olError(404, `Device for id ${deviceId} was not found`);
