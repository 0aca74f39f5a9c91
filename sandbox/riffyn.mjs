// Riffyn REST API v1 auth + MFA (digest §3), mounted at /riffyn/v1.
// Errors are {"error": "..."}; the statuses of undocumented cases follow the sandbox README.
import { createHmac } from "node:crypto";
import { takeFault, rawFaultReply } from "./faults.mjs";
import { reply, now, iso, token, hex, parseBasic, isJsonContentType, tryParseJson, isPlainObject } from "./util.mjs";
import { verifyTotp } from "./totp.mjs";

export const RIFFYN_TOTP_SECRET = "JBSWY3DPEHPK3PXP";
export const ALICE_FACTOR = Object.freeze({
  id: "uft2rfyn7totp0001",
  factorType: "token:software:totp",
  provider: "GOOGLE",
  vendorName: "GOOGLE",
  profile: { credentialId: "alice@example.com" },
});
const STATE_TOKEN_TTL_MS = 300_000;
const ACCESS_TOKEN_TTL_MS = 30 * 60_000; // "accessToken expires 30 min after generation" (digest §3.2)
const MAX_WRONG_CODES = 5;
const JWT_KEY = "riffyn-sandbox-signing-key"; // tokens only need to look like JWTs

export function initialRiffynState() {
  return {
    users: {
      alice: {
        username: "alice",
        password: "correct-horse-battery",
        userId: "5f3c0a1e9b1d4c0011a1ce01",
        totp: { secret: RIFFYN_TOTP_SECRET, algorithm: "SHA1", digits: 6, period: 30 },
        factors: [ALICE_FACTOR],
      },
      bob: { username: "bob", password: "hunter2-hunter2", userId: "5f3c0a1e9b1d4c0011b0b002", factors: [] },
    },
    stateTokens: new Map(), // stateToken → { username, expiresAtMs, wrongCodes }
  };
}

const error = (status, message) => reply(status, { error: message });

export function handleRiffyn(ctx) {
  const fault = takeFault(ctx.state, "riffyn", "raw");
  if (fault) return rawFaultReply(fault);

  if (ctx.path === "/auth") {
    return ctx.method === "POST" ? login(ctx) : methodNotAllowed("POST");
  }
  const m = /^\/auth\/factor\/([^/]+)\/verify$/.exec(ctx.path);
  if (m) return ctx.method === "POST" ? verify(ctx, m[1]) : methodNotAllowed("POST");
  return error(404, "Not found");
}

function methodNotAllowed(allow) {
  return reply(405, { error: "Method not allowed" }, { allow });
}

/** Checks Basic credentials. Returns the user, or a reply to send. */
function authenticate(ctx, basic) {
  const user = basic && basic !== "malformed" ? ctx.state.riffyn.users[basic.user] : undefined;
  if (!user || user.password !== basic.pass) return { fail: error(401, "Invalid username or password") };
  return { user };
}

function login(ctx) {
  const basic = parseBasic(ctx.headers.authorization);
  if (!basic) return error(400, "Missing basic authentication");
  const { user, fail } = authenticate(ctx, basic);
  if (fail) return fail;
  const t = now(ctx.state);
  if (user.factors.length === 0) return reply(200, successBody(user, t));
  const stateToken = token(30);
  const expiresAtMs = t + STATE_TOKEN_TTL_MS;
  ctx.state.riffyn.stateTokens.set(stateToken, { username: user.username, expiresAtMs, wrongCodes: 0 });
  return reply(200, { status: "MFA_REQUIRED", stateToken, expiresAt: iso(expiresAtMs), factors: user.factors });
}

function verify(ctx, factorId) {
  const riffyn = ctx.state.riffyn;
  if (!isJsonContentType(ctx.headers["content-type"])) return error(415, "Content-Type must be application/json");
  const body = tryParseJson(ctx.bodyText);
  if (body === undefined) return error(400, "Malformed JSON");
  const { stateToken, passCode } = isPlainObject(body) ? body : {};
  if (typeof stateToken !== "string" || !stateToken || typeof passCode !== "string" || !passCode) {
    return error(400, "stateToken and passCode are required");
  }
  const factorExists = Object.values(riffyn.users).some((u) => u.factors.some((f) => f.id === factorId));
  if (!factorExists) return error(404, "Factor not found");

  const entry = riffyn.stateTokens.get(stateToken);
  if (!entry) return error(401, "Invalid state token");
  const t = now(ctx.state);
  // Expired tokens are kept, so every later use keeps saying "expired" (a stable answer).
  if (t >= entry.expiresAtMs) return error(401, "State token expired");
  const user = riffyn.users[entry.username];
  // The generated SDK attaches Basic auth to verify too; when sent it must name the token's user.
  const basic = parseBasic(ctx.headers.authorization);
  if (basic) {
    const { user: who, fail } = authenticate(ctx, basic);
    if (fail) return fail;
    if (who !== user) return error(401, "Invalid username or password");
  }
  const factor = user.factors.find((f) => f.id === factorId);
  if (!factor) return error(404, "Factor not found");

  const { secret, ...opts } = user.totp;
  if (!verifyTotp(secret, passCode, { ...opts, timestamp: t, window: 1 })) {
    entry.wrongCodes += 1;
    // Bounded retries: after the last allowed wrong code the transaction is revoked.
    if (entry.wrongCodes >= MAX_WRONG_CODES) riffyn.stateTokens.delete(stateToken);
    return error(401, "Invalid passCode");
  }
  riffyn.stateTokens.delete(stateToken);
  return reply(200, successBody(user, t));
}

function successBody(user, t) {
  const expiresAtMs = t + ACCESS_TOKEN_TTL_MS;
  return {
    status: "SUCCESS",
    username: user.username,
    userId: user.userId,
    accessToken: fakeJwt({ sub: user.userId, username: user.username, iat: Math.floor(t / 1000), exp: Math.floor(expiresAtMs / 1000) }),
    accessTokenExpiresAt: iso(expiresAtMs),
    apiKey: hex(20),
    apiKeyName: "loginKey",
    message: "This API key will only be displayed once. Store it somewhere safe.",
  };
}

function fakeJwt(payload) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ iss: "riffyn-sandbox", ...payload })}`;
  return `${head}.${createHmac("sha256", JWT_KEY).update(head).digest("base64url")}`;
}
