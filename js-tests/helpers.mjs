// Shared helpers of the Node tests: a sandbox per test file and its control API; the error codes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startSandbox } from "../sandbox/server.mjs";

/**
 * Every `MfaErrorCode`, in order: the union tsify writes into the built package's types from
 * src/error.rs (one line a code there), so that a test over the codes covers a new one by itself.
 */
export const ERROR_CODES = Object.freeze(/type MfaErrorCode =([^;]+);/
  .exec(readFileSync(new URL("../pkg/mfa_flows.d.ts", import.meta.url), "utf8").replace(/\/\*\*[\s\S]*?\*\//g, ""))[1]
  .match(/"[a-z_]+"/g).map((c) => c.slice(1, -1)));

/** Starts a quiet sandbox on a free port; returns it with a few control helpers. */
export async function sandbox() {
  const sb = await startSandbox({ port: 0, quiet: true });
  const control = async (method, path, body) => {
    const res = await fetch(`${sb.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    url: sb.url,
    close: () => sb.close(),
    control,
    reset: () => control("POST", "/reset"),
    requests: (provider) => control("GET", `/requests${provider ? `?provider=${provider}` : ""}`),
    clearRequests: () => control("DELETE", "/requests"),
    advanceClock: (ms) => control("POST", "/clock", { advanceMs: ms }),
  };
}

/**
 * The demo as `make demo` serves it: a sandbox, and the demo's backend (the page and
 * mfa-flows/server at /mfa) in front of it. Resolves { sb, url (the page's origin), close() }.
 */
export async function demo({ limits } = {}) {
  const { startDemoBackend } = await import("../examples-web/backend.mjs");
  const sb = await sandbox();
  const backend = await startDemoBackend({ sandboxUrl: sb.url, root: new URL("..", import.meta.url).pathname, limits });
  return {
    sb,
    url: backend.url,
    close: async () => {
      await backend.close();
      await sb.close();
    },
  };
}

/** Awaits `promise` and returns what it rejected with; fails if it resolved. */
export async function rejection(promise) {
  try {
    const value = await promise;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    return error;
  }
}

/**
 * Asserts that an output is plain JSON as the package hands it over: arrays and objects of
 * `Object.prototype` (no class, no prototype tricks), no key holding `undefined` (an absent option
 * is left out), and `JSON.parse(JSON.stringify(value))` is the same value (a step can be stored and
 * passed back). Which fields, and in which order, the wasm tests check from each `output!` declaration.
 */
export function assertPlainJson(value) {
  const walk = (v, path) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (v !== null && typeof v === "object") {
      assert.equal(Object.getPrototypeOf(v), Object.prototype, path);
      for (const [key, item] of Object.entries(v)) {
        assert.notEqual(item, undefined, `${path}.${key}`);
        walk(item, `${path}.${key}`);
      }
    } else {
      assert.ok(["string", "number", "boolean"].includes(typeof v) || v === null, path);
    }
  };
  walk(value, "value");
  assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
}
