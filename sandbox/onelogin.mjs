// OneLogin API (digest §2.2–2.4), mounted at /onelogin: OAuth2 tokens and the v1 MFA API,
// with X-RateLimit-* headers on every answer.
import { takeFault, rawFaultReply } from "./faults.mjs";
import { reply, now } from "./util.mjs";
import { olError, successStatus, noRoute, authFailure } from "./onelogin-common.mjs";
import { issueToken, revokeToken, bearerOk } from "./onelogin-token.mjs";
import { initialOneLoginUsers } from "./onelogin-users.mjs";
import * as mfa from "./onelogin-mfa.mjs";

const RATE_LIMIT = 5000; // "5,000 calls per hour" per account (digest §2.3)
const WINDOW_MS = 3_600_000;

export function initialOneLoginState() {
  return {
    users: initialOneLoginUsers(),
    tokens: new Map(), // access_token → { accessToken, refreshToken, createdAtMs, expiresAtMs, revoked }
    current: null, // the token handed out again until it expires or is revoked
    tokenTtlSeconds: 36000,
    challenges: new Map(), // state_token → challenge (see onelogin-mfa.mjs openChallenge)
    mfaTokens: [], // { userId, token, reusable, expiresAtMs }
    nextDeviceId: 527001,
    nextTriggerId: 35510001,
    push: { mode: "auto", polls: 3 },
    rate: { used: 0, windowStartMs: null },
  };
}

export const oneloginServerError = (status) =>
  olError(status, status === 413 ? "Request body is larger than 1 MB" : "Internal Server Error");

export function handleOneLogin(ctx) {
  const rate = countRequest(ctx.state);
  const res = dispatch(ctx, rate);
  res.headers = { ...rateHeaders(rate), ...res.headers };
  return res;
}

/** Counts the request in the hourly window (on the sandbox clock) and returns the window. */
function countRequest(state) {
  const r = state.onelogin.rate;
  const t = now(state);
  if (r.windowStartMs === null || t - r.windowStartMs >= WINDOW_MS || t < r.windowStartMs) {
    r.windowStartMs = t;
    r.used = 0;
  }
  r.used += 1;
  return { exceeded: r.used > RATE_LIMIT, remaining: Math.max(0, RATE_LIMIT - r.used), reset: Math.max(0, Math.ceil((r.windowStartMs + WINDOW_MS - t) / 1000)) };
}

const rateHeaders = (rate) => ({
  "x-ratelimit-limit": String(RATE_LIMIT),
  "x-ratelimit-remaining": String(rate.remaining),
  "x-ratelimit-reset": String(rate.reset), // seconds left in the window, not an epoch
});

function dispatch(ctx, rate) {
  const raw = takeFault(ctx.state, "onelogin", "raw");
  if (raw) return rawFaultReply(raw);
  const limited = takeFault(ctx.state, "onelogin", "rate_limit");
  if (limited || rate.exceeded) {
    rate.remaining = 0;
    // A fault's retryAfter stands for a limiter whose window ends sooner (a short burst limit).
    const wait = limited?.retryAfter ?? rate.reset;
    return { ...olError(429, "Rate limit exceeded"), headers: { "retry-after": String(wait) } };
  }
  const { path, method } = ctx;
  if (path === "/auth/oauth2/v2/token") return method === "POST" ? issueToken(ctx) : noRoute();
  if (path === "/auth/oauth2/revoke") return method === "POST" ? revokeToken(ctx) : noRoute();
  if (path === "/auth/rate_limit") {
    if (method !== "GET") return noRoute();
    if (!bearerOk(ctx)) return authFailure();
    return reply(200, { status: successStatus(), data: { "X-RateLimit-Limit": RATE_LIMIT, "X-RateLimit-Remaining": rate.remaining, "X-RateLimit-Reset": rate.reset } });
  }
  const m = /^\/api\/1\/users\/([^/]+)\/(.+)$/.exec(path);
  if (!m) return noRoute();
  if (!bearerOk(ctx)) return authFailure();
  const handler = userRoute(method, m[2]);
  if (!handler) return noRoute();
  const userId = m[1]; // ids are digits: not decoded, a bad escape is just unknown
  const user = /^\d+$/.test(userId) ? ctx.state.onelogin.users.get(Number(userId)) : undefined;
  if (!user) return olError(404, `User for id ${userId} was not found`);
  return handler(ctx, user);
}

/** Maps "<method> <rest of path>" to an operation of onelogin-mfa.mjs, or null. */
function userRoute(method, rest) {
  if (method === "GET" && (rest === "auth_factors" || rest === "auth_factor")) return mfa.availableFactors;
  if (rest === "otp_devices") return { GET: mfa.enrolledFactors, POST: mfa.enrollFactor }[method] ?? null;
  if (method === "POST" && rest === "mfa_token") return mfa.generateMfaToken;
  const d = /^otp_devices\/([^/]+)(?:\/(trigger|verify))?$/.exec(rest);
  if (!d) return null;
  const deviceId = d[1];
  if (d[2] === "trigger" && method === "POST") return (ctx, user) => mfa.triggerFactor(ctx, user, deviceId);
  if (d[2] === "verify" && method === "POST") return (ctx, user) => mfa.verifyFactor(ctx, user, deviceId);
  if (!d[2] && method === "DELETE") return (ctx, user) => mfa.removeFactor(ctx, user, deviceId);
  return null;
}
