// The exports of mfa-flows/totp, shared by its two loaders (totp.js, totp.embedded.js),
// which instantiate the module before anything here is called.

export { MfaError, isMfaError } from "./mfa_error.js";
export { otpauthUri, parseOtpauthUri, totp } from "./totp.js";
