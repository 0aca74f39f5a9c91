// Small helpers shared by the provider modules: bodies, responses, ids, auth headers, time.
import { randomBytes, randomUUID, randomInt } from "node:crypto";

export const MAX_BODY_BYTES = 1024 * 1024;
// A client that keeps sending past this is cut off instead of being drained forever.
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

/**
 * Reads the whole request body as UTF-8 text. Resolves `{ text, tooLarge }`: when the body
 * exceeds `limit`, the rest is drained (not buffered) so the 413 answer reaches the client
 * instead of a connection reset.
 */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        if (size > MAX_DRAIN_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge }));
    req.on("error", reject);
  });
}

/** A response value: the server writes it; providers return it so the request log sees the status. */
export function reply(status, body, headers = {}) {
  return { status, body, headers };
}

export const hex = (bytes) => randomBytes(bytes).toString("hex");
export const requestId = () => hex(16); // Belvo's request_id / session pattern: [a-f0-9]{32}
export const uuid = () => randomUUID();
export const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join("");
export const token = (bytes = 24) => randomBytes(bytes).toString("base64url");

/** Random string over `alphabet` (uniform: randomInt avoids modulo bias). */
export function randomString(n, alphabet) {
  return Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");
}

/** ISO-8601 with milliseconds, e.g. 2026-01-02T03:04:05.678Z. */
export const iso = (ms) => new Date(ms).toISOString();
/** ISO-8601 without milliseconds, e.g. 2026-01-02T03:04:05Z (OneLogin's style). */
export const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The sandbox clock: every expiry is computed against it so tests can move time. */
export const now = (state) => Date.now() + state.clock.offsetMs;

/** Parses `Authorization: Basic …`. Returns { user, pass }, "malformed", or null when not Basic. */
export function parseBasic(header) {
  const m = /^\s*basic\s+(\S*)\s*$/i.exec(header ?? "");
  if (!m) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/** True for application/json and application/*+json, with or without parameters. */
export function isJsonContentType(value) {
  return /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i.test(value ?? "");
}

/** JSON.parse that returns `undefined` instead of throwing. */
export function tryParseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
