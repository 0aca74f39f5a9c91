// OneLogin OAuth2 client-credentials tokens (digest §2.2): issue, revoke, check, rate limit.
import { reply, now, iso, hex, parseBasic, isJsonContentType, tryParseJson, isPlainObject } from "./util.mjs";
import { olError, successStatus, authFailure } from "./onelogin-common.mjs";
import { CLIENT, ACCOUNT_ID } from "./onelogin-users.mjs";

/**
 * The body as key/values, from JSON or a form. Returns { fields } or { fail }.
 * The token endpoint is the one OneLogin route that also takes form bodies.
 */
function readFields(ctx) {
  if (ctx.bodyText.trim() === "") return { fields: {} };
  const type = ctx.headers["content-type"] ?? "";
  if (/^\s*application\/x-www-form-urlencoded/i.test(type)) return { fields: Object.fromEntries(new URLSearchParams(ctx.bodyText)) };
  if (!isJsonContentType(type)) {
    return { fail: olError(400, "Content Type is not specified or specified incorrectly. Content-Type header must be set to application/json") };
  }
  const body = tryParseJson(ctx.bodyText);
  if (!isPlainObject(body)) return { fail: olError(400, "Request body is not valid JSON") };
  return { fields: body };
}

/** Client credentials from HTTP Basic, the `client_id:…, client_secret:…` header, or the body. */
function clientCredentials(headers, fields) {
  const auth = headers.authorization ?? "";
  const basic = parseBasic(auth);
  if (basic && basic !== "malformed") return { id: basic.user, secret: basic.pass };
  const m = /client_id:\s*([^,\s]+)\s*,\s*client_secret:\s*(\S+)/i.exec(auth);
  if (m) return { id: m[1], secret: m[2] };
  if (fields.client_id !== undefined) return { id: String(fields.client_id), secret: String(fields.client_secret ?? "") };
  return null;
}

const clientOk = (c) => c && c.id === CLIENT.id && c.secret === CLIENT.secret;

/** POST /auth/oauth2/v2/token */
export function issueToken(ctx) {
  const { fields, fail } = readFields(ctx);
  if (fail) return fail;
  if (!clientOk(clientCredentials(ctx.headers, fields))) return authFailure();
  if (fields.grant_type !== "client_credentials") return olError(400, "grant_type is incorrect/absent");

  const ol = ctx.state.onelogin;
  const t = now(ctx.state);
  // "this request will return the same token set until the token expires or is revoked"
  let entry = ol.current && ol.tokens.get(ol.current);
  if (!entry || entry.revoked || t >= entry.expiresAtMs) {
    entry = { accessToken: hex(32), refreshToken: hex(32), createdAtMs: t, expiresAtMs: t + ol.tokenTtlSeconds * 1000, revoked: false };
    ol.tokens.set(entry.accessToken, entry);
    ol.current = entry.accessToken;
  }
  return reply(
    200,
    {
      access_token: entry.accessToken,
      created_at: iso(entry.createdAtMs),
      expires_in: Math.max(0, Math.round((entry.expiresAtMs - t) / 1000)),
      refresh_token: entry.refreshToken,
      token_type: "bearer",
      account_id: ACCOUNT_ID,
    },
    { "cache-control": "no-store" },
  );
}

/** POST /auth/oauth2/revoke {access_token} */
export function revokeToken(ctx) {
  const { fields, fail } = readFields(ctx);
  if (fail) return fail;
  if (!clientOk(clientCredentials(ctx.headers, fields))) return authFailure();
  if (typeof fields.access_token !== "string" || !fields.access_token) return olError(400, "access_token is required");
  const entry = ctx.state.onelogin.tokens.get(fields.access_token);
  if (entry) entry.revoked = true;
  return reply(200, { status: successStatus() });
}

/** Accepts `Authorization: Bearer <t>` (the SDKs) and `bearer:<t>` (the docs). Returns true when valid. */
export function bearerOk(ctx) {
  const m = /^\s*bearer(?:\s+|\s*:\s*)(\S+)\s*$/i.exec(ctx.headers.authorization ?? "");
  if (!m) return false;
  const entry = ctx.state.onelogin.tokens.get(m[1]);
  return Boolean(entry && !entry.revoked && now(ctx.state) < entry.expiresAtMs);
}

/** The control API's revoke: every issued token. */
export function revokeAll(state) {
  for (const entry of state.onelogin.tokens.values()) entry.revoked = true;
  state.onelogin.current = null;
}
