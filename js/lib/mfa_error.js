// The package's error class, one module shared by every entry (so `instanceof` holds across them).
// It lives in JS because a wasm-bindgen export cannot extend `Error`; the Rust side builds every
// rejection with its constructor, the facts as one object (src/wasm/error.rs).

// The facts an error may carry, declared once in src/error.rs (`facts!`): this line is written by
// `cargo test --lib mfa_error_js_copies_the_facts`, which fails while it is stale. Only these keys
// are copied, so a `details` with `__proto__`, `name` or `code` changes nothing else.
const FACTS = ["provider", "status", "providerCode", "requestId", "retryAfterMs"];

export class MfaError extends Error {
  constructor(code, message, details) {
    super(message);
    this.code = code;
    if (details) {
      // Own properties only: a polluted Object.prototype adds no fact.
      for (const key of FACTS) {
        if (Object.hasOwn(details, key) && details[key] !== undefined) this[key] = details[key];
      }
    }
  }

  toJSON() {
    const json = { name: this.name, code: this.code, message: this.message };
    for (const key of FACTS) if (Object.hasOwn(this, key)) json[key] = this[key];
    return json;
  }
}
Object.defineProperty(MfaError.prototype, "name", { value: "MfaError", writable: true, configurable: true });

export function isMfaError(error) {
  return error instanceof MfaError ||
    (typeof error === "object" && error !== null && error.name === "MfaError" && typeof error.code === "string");
}
