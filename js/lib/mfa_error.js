// The package's error class, one module shared by every entry (so `instanceof` holds across them).
// It lives in JS because a wasm-bindgen export cannot extend `Error`; the Rust side builds every
// rejection through `newMfaError`.

export class MfaError extends Error {
  constructor(code, message, details) {
    super(message);
    this.code = code;
    if (details) {
      for (const key of ["provider", "status", "providerCode", "requestId", "retryAfterMs"]) {
        if (details[key] !== undefined) this[key] = details[key];
      }
    }
  }

  toJSON() {
    const { name, code, message, provider, status, providerCode, requestId, retryAfterMs } = this;
    return { name, code, message, provider, status, providerCode, requestId, retryAfterMs };
  }
}
Object.defineProperty(MfaError.prototype, "name", { value: "MfaError", writable: true, configurable: true });

export function isMfaError(error) {
  return error instanceof MfaError ||
    (typeof error === "object" && error !== null && error.name === "MfaError" && typeof error.code === "string");
}

export function newMfaError(code, message, provider, status, providerCode, requestId, retryAfterMs) {
  return new MfaError(code, message, { provider, status, providerCode, requestId, retryAfterMs });
}
