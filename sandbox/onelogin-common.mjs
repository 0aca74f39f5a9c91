// OneLogin v1 envelopes and body parsing shared by the token and MFA modules.
import { reply, isJsonContentType, tryParseJson, isPlainObject } from "./util.mjs";

const TYPES = { 400: "bad request", 401: "Unauthorized", 403: "Forbidden", 404: "not found", 413: "Payload Too Large", 429: "Too Many Requests", 500: "Internal Server Error" };

/** The v1 error envelope: {"status":{"error":true,"code":N,"type":"…","message":"…"}}. */
export function olError(status, message) {
  return reply(status, { status: { error: true, code: status, type: TYPES[status] ?? "error", message } });
}

/** The v1 success status object. */
export const successStatus = (message = "Success", type = "success") => ({ type, code: 200, message, error: false });

export const noRoute = () => olError(404, "No Route Exists");
export const authFailure = () => olError(401, "Authentication Failure");

/**
 * Parses a JSON object body (empty = {}) and refuses unknown parameters, which catches casing
 * bugs such as `stateTokenExpiresIn`. Returns { body } or { fail: reply }.
 */
export function readJsonObject(ctx, allowed) {
  if (ctx.bodyText.trim() === "") return { body: {} };
  if (!isJsonContentType(ctx.headers["content-type"])) {
    return { fail: olError(400, "Content Type is not specified or specified incorrectly. Content-Type header must be set to application/json") };
  }
  const body = tryParseJson(ctx.bodyText);
  if (body === undefined) return { fail: olError(400, "Request body is not valid JSON") };
  if (!isPlainObject(body)) return { fail: olError(400, "Request body must be a JSON object") };
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown !== undefined) return { fail: olError(400, `Unknown parameter: ${unknown}`) };
  // Treat explicit nulls as absent: generated clients send `null` for unset optional fields.
  for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
  return { body };
}
