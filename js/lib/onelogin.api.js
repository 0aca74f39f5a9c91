// The exports of mfa-flows/onelogin, shared by its two loaders (onelogin.js, onelogin.embedded.js),
// which instantiate the module before anything here is called.
import * as wasm from "./onelogin.js";
import { wrapClient } from "./client.js";

export { MfaError, isMfaError } from "./mfa_error.js";
export { toChallenge } from "./onelogin.js";
export const OneLoginClient = wrapClient(wasm.OneLoginClient, "OneLoginClient");
