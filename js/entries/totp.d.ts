// The types of `mfa-flows/totp` (scripts and tests: `totp`, `parseOtpauthUri`, `otpauthUri`). The step, input and error types are the
// whole package's own, so a step from one entry is the same type in another.
export { MfaError, isMfaError, type MfaErrorDetails, type MfaErrorJSON } from "./lib/mfa_error.js";
export { otpauthUri, parseOtpauthUri, totp } from "./lib/mfa_flows.js";
export type { MfaErrorCode, MfaProvider, OtpauthKey, OtpauthKeyInput, TotpAlgorithm, TotpOptions } from "./lib/mfa_flows.js";

/** The package version, e.g. `"0.1.0"`. */
export declare const VERSION: string;
