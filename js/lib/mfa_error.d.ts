import type { MfaErrorCode, MfaProvider } from "./mfa_flows.js";

/** The optional facts of an {@link MfaError}, as its constructor takes them (documented there). */
export type MfaErrorDetails = Partial<Pick<MfaError, "provider" | "status" | "providerCode" | "requestId" | "retryAfterMs">>;

/** The plain object {@link MfaError.toJSON} returns (what `JSON.stringify` and loggers show). */
export type MfaErrorJSON = Pick<MfaError, "name" | "code" | "message" | "provider" | "status" | "providerCode" | "requestId" | "retryAfterMs">;

/**
 * Every failure of the package: a real `Error` subclass (`instanceof MfaError` works, from whichever
 * entry of the package threw it). Branch on `code`; messages are short, human, and never contain a
 * password, code, token or key.
 */
export declare class MfaError extends Error {
  /**
   * Builds an error as the package does (useful in tests and in code that wraps the package).
   * `details` fields that are `undefined` are left off.
   */
  constructor(code: MfaErrorCode, message: string, details?: MfaErrorDetails);
  /** Always `"MfaError"` (on the prototype). */
  readonly name: "MfaError";
  /** What went wrong, as a stable string. */
  readonly code: MfaErrorCode;
  /** The API that answered, when one did. */
  readonly provider?: MfaProvider;
  /** The HTTP status, whenever a response came. */
  readonly status?: number;
  /** The API's own error code, e.g. `"session_expired"`. */
  readonly providerCode?: string;
  /** The API's request id, for support. */
  readonly requestId?: string;
  /** How long the API asks to wait before trying again, in ms. */
  readonly retryAfterMs?: number;
  /** For `network` errors: the host's own error (e.g. `TypeError: fetch failed`), whose message carries no secret. */
  cause?: unknown;
  /** The error as a plain object: `name`, `code`, `message` and the details that are set. */
  toJSON(): MfaErrorJSON;
}

/** Whether `e` is an `MfaError` (also across bundles that hold another copy of the package). */
export declare function isMfaError(e: unknown): e is MfaError;
