// Fault switches set through the control API. Providers ask for them at the point where
// the real service would fail, so a fault looks exactly like the real answer.
import { isPlainObject } from "./util.mjs";

export const PROVIDERS = ["riffyn", "belvo", "onelogin"];

// Which kinds make sense for which provider, and whether a kind is a one-shot by default
// (count 1) or a switch that stays on until DELETE /_sandbox/faults (count Infinity).
const KINDS = {
  raw: { providers: PROVIDERS, defaultCount: 1 },
  too_many_sessions: { providers: ["belvo"], defaultCount: 1 },
  html_403: { providers: ["belvo"], defaultCount: Infinity },
  rate_limit: { providers: ["onelogin"], defaultCount: Infinity },
  // Transport faults, taken by server.mjs before any provider sees the request.
  delay: { providers: PROVIDERS, defaultCount: 1 },
  reset: { providers: PROVIDERS, defaultCount: 1 },
};
export const MAX_DELAY_MS = 300_000;

/** Validates a control-API fault spec and stores it. Returns the stored fault or throws an Error with a message. */
export function addFault(state, spec) {
  if (!isPlainObject(spec)) throw new Error("body must be a JSON object");
  const { provider, kind } = spec;
  const def = KINDS[kind];
  if (!def) throw new Error(`kind must be one of ${Object.keys(KINDS).join(", ")}`);
  if (!def.providers.includes(provider)) throw new Error(`kind ${kind} applies to provider ${def.providers.join("|")}`);
  let count = def.defaultCount;
  if (spec.count !== undefined && spec.count !== null) {
    if (!Number.isInteger(spec.count) || spec.count < 1) throw new Error("count must be a positive integer");
    count = spec.count;
  }
  const fault = { provider, kind, count };
  if (spec.retryAfter !== undefined && spec.retryAfter !== null) {
    if (kind !== "rate_limit") throw new Error("retryAfter applies to kind rate_limit");
    if (!Number.isInteger(spec.retryAfter) || spec.retryAfter < 0 || spec.retryAfter > 3600) {
      throw new Error("retryAfter must be an integer 0..3600 (seconds)");
    }
    fault.retryAfter = spec.retryAfter;
  }
  if (spec.delayMs !== undefined && spec.delayMs !== null && kind !== "delay") throw new Error("delayMs applies to kind delay");
  if (kind === "delay") {
    if (!Number.isInteger(spec.delayMs) || spec.delayMs < 0 || spec.delayMs > MAX_DELAY_MS) {
      throw new Error(`delayMs must be an integer 0..${MAX_DELAY_MS} (milliseconds)`);
    }
    fault.delayMs = spec.delayMs;
  }
  if (kind === "raw") {
    const status = spec.status ?? 500;
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new Error("status must be an integer 200..599");
    if (spec.headers !== undefined && !isPlainObject(spec.headers)) throw new Error("headers must be an object");
    fault.status = status;
    fault.headers = { ...(spec.headers ?? {}) };
    fault.body = spec.body ?? "";
  }
  state.faults.push(fault);
  return fault;
}

/** Takes (and counts down) the first active fault of `kind` for `provider`, or returns null. */
export function takeFault(state, provider, kind) {
  const i = state.faults.findIndex((f) => f.provider === provider && f.kind === kind);
  if (i < 0) return null;
  const fault = state.faults[i];
  fault.count -= 1;
  if (fault.count <= 0) state.faults.splice(i, 1);
  return fault;
}

/** The response of a `raw` fault: the body as given (objects/arrays are sent as JSON). */
export function rawFaultReply(fault) {
  const headers = { ...fault.headers };
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === "content-type");
  let body = fault.body;
  if (typeof body !== "string") {
    body = JSON.stringify(body);
    if (!hasType) headers["content-type"] = "application/json";
  } else if (!hasType) {
    headers["content-type"] = "text/plain; charset=utf-8";
  }
  return { status: fault.status, headers, body };
}

/** The faults as the control API lists them (Infinity is not JSON). */
export function listFaults(state) {
  return state.faults.map((f) => ({ ...f, count: Number.isFinite(f.count) ? f.count : null }));
}
