import type { MfaErrorCode, MfaErrorFields } from "./mfa_flows.js";

/** The optional facts of an {@link MfaError}, as its constructor takes them (documented there). */
export type MfaErrorDetails = Partial<MfaErrorFields>;

/** The plain object {@link MfaError.toJSON} returns (what `JSON.stringify` and loggers show). */
export type MfaErrorJSON = Pick<MfaError, "name" | "code" | "message"> & Readonly<MfaErrorFields>;

/**
 * Every failure of the package: a real `Error` subclass (`instanceof MfaError` works, from whichever
 * entry of the package threw it). Branch on `code`; messages are short, human, and never contain a
 * password, code, token or key. Its optional facts are those of `MfaErrorFields` (generated
 * from the Rust declaration, like the `details` the package passes).
 */
export declare class MfaError extends Error {
  /**
   * Builds an error as the package does (useful in tests and in code that wraps the package).
   * `details` fields that are `undefined` are left off.
   */
  constructor(code: MfaErrorCode, message: string, details?: MfaErrorDetails);
  /** Always `"MfaError"` (on the prototype). */
  readonly name: "MfaError";
  /** What went wrong, as a stable code. */
  readonly code: MfaErrorCode;
  /** For `network` errors: the host's own error (e.g. `TypeError: fetch failed`), whose message carries no secret. */
  cause?: unknown;
  /** The error as a plain object: `name`, `code`, `message` and the facts that are set. */
  toJSON(): MfaErrorJSON;
}
/** The facts, read-only: `error.status`, `error.retryAfterMs`… */
export interface MfaError extends Readonly<MfaErrorFields> {}

/** Whether `e` is an `MfaError` (also across bundles that hold another copy of the package). */
export declare function isMfaError(e: unknown): e is MfaError;
