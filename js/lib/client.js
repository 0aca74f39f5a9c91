// What every entry of the package shares besides MfaError: the public client classes, made by
// composition around wasm-bindgen's generated ones, and the decoding of an embedded module.
import { MfaError } from "./mfa_error.js";

/**
 * The public class for a generated client class `Binding`. Each instance holds its generated
 * object in a private field: a copy (`Object.assign(Object.create(C.prototype), client)`), a plain
 * object with the prototype, a method torn off its client, or a freed client has no live object,
 * so its calls reject with `MfaError` `invalid_input` here and never reach wasm memory.
 * Every method of `Binding` (they all return promises) is forwarded; `free()` releases the Rust
 * value now (a second call does nothing) and is also `[Symbol.dispose]` where the host has it.
 *
 * A path-relative `baseUrl` (`"/mfa/riffyn"`) where there is no `location` (a module-scope client
 * in a server render or a prerender, e.g. `next build`) is resolved at the first call: the other
 * options are checked now, and a call made where there is still no page rejects, saying so.
 */
export function wrapClient(Binding, name) {
  // (value) → its live generated object (or its Pending options); null once freed; undefined when
  // it is no client at all.
  let bindingOf, settle;
  const Client = class {
    #binding;
    constructor(options) {
      const later = deferred(options);
      if (later) {
        new Binding({ ...later, baseUrl: `http://localhost${later.baseUrl}` }).free();
        this.#binding = new Pending(later);
      } else {
        this.#binding = new Binding(options);
      }
    }
    static {
      bindingOf = (value) => (typeof value === "object" && value !== null && #binding in value ? value.#binding : undefined);
      settle = (client, pending) => (client.#binding = new Binding(pending.options));
    }
    free() {
      const binding = bindingOf(this);
      if (!binding) return;
      this.#binding = null;
      binding.free();
    }
  };
  const define = (key, value) => Object.defineProperty(Client.prototype, key, { value, writable: true, configurable: true });
  for (const key of Object.getOwnPropertyNames(Binding.prototype)) {
    const method = Binding.prototype[key];
    if (key === "constructor" || key === "free" || key.startsWith("__") || typeof method !== "function") continue;
    define(key, { [key](...args) {
      let binding = bindingOf(this);
      if (binding instanceof Pending) {
        try {
          binding = settle(this, binding);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      if (binding) return withCallerStack(method.apply(binding, args));
      return Promise.reject(new MfaError("invalid_input", `${name}.${key}: ${binding === null
        ? "this client was freed (free() or using) and cannot be used again"
        : `must be called on a client (client.${key}(…))`}`));
    } }[key]);
  }
  if (typeof Symbol.dispose === "symbol") define(Symbol.dispose, Client.prototype.free);
  Object.defineProperty(Client, "name", { value: name });
  return Client;
}

/**
 * The call's promise, whose `MfaError` gets its stack again here: it was made in the module's own
 * microtask, with no frame of the caller; captured in this async function, it has the caller's
 * awaiting frames (`at async main (app.mjs:12:3)`).
 */
async function withCallerStack(promise) {
  try {
    return await promise;
  } catch (error) {
    Error.captureStackTrace?.(error, withCallerStack);
    throw error;
  }
}

/** A copy of `options` whose baseUrl is a path and no page is there to resolve it; else undefined. */
function deferred(options) {
  try {
    const copy = { ...options };
    if (typeof copy.baseUrl == "string" && /^\/(?!\/)/.test(copy.baseUrl) && typeof globalThis.location?.href != "string") return copy;
  } catch {} // hostile options: the generated constructor refuses them, naming the field
}

/** A client's options waiting for a page's location (see wrapClient). */
class Pending {
  constructor(options) {
    this.options = options;
  }
  free() {}
}

/**
 * Calls a client's `onEvent` with its `MfaEvent` (declared in src/events.rs), for the module's
 * `Events::emit` (src/wasm/events.rs): `kind` in the union's order, then its values (one call per
 * event, no string decoded but `text`; `op` indexes OPERATIONS). What the handler throws, or its
 * promise rejects with, is dropped here: an event never changes a call, and no exception unwinds
 * through the module.
 */
export function mfaEvent(onEvent, kind, op, n, m, text) {
  const operation = OPERATIONS[op];
  const provider = operation.slice(0, operation.indexOf("."));
  const event = kind === 0 ? { type: "request", operation, provider, attempt: n }
    : kind === 1 ? { type: "response", operation, provider, status: n, durationMs: m }
    : kind === 2 ? { type: "step", operation, provider, status: text }
    : kind === 3 ? { type: "retry", operation, provider, reason: text, delayMs: n }
    : kind === 4 ? { type: "poll", operation, provider, count: n, status: text }
    : m < 0 ? { type: "error", operation, provider, code: text } : { type: "error", operation, provider, code: text, status: m };
  try {
    const returned = onEvent(event);
    if (typeof returned?.then === "function") returned.then(undefined, () => {});
  } catch {
    // The handler's own failure.
  }
}

/** The operations' names (`MfaOperationName`) in the order of src/ops.rs's `ALL` (a test there
 * compares them); each begins with its provider's name. */
const OPERATIONS = [
  "riffyn.login", "riffyn.verify", "belvo.registerLink", "belvo.retrieve", "belvo.resume",
  "onelogin.availableFactors", "onelogin.enrolledFactors", "onelogin.enrollFactor",
  "onelogin.activateFactor", "onelogin.verifyFactor", "onelogin.removeFactor", "onelogin.generateMfaToken",
];

/** The bytes of a wasm module embedded in JS as base64 (the `*.embedded.js` entries). */
export function wasmBytes(base64) {
  // Native decoders first (Node/Bun's Buffer: ~0.4 ms for the whole SDK against ~9 ms for the loop).
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);
  if (typeof globalThis.Buffer === "function") return globalThis.Buffer.from(base64, "base64");
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
