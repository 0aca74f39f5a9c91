// The exports of mfa-flows/belvo, shared by its two loaders (belvo.js, belvo.embedded.js),
// which instantiate the module before anything here is called.
import * as wasm from "./belvo.js";
import { wrapClient } from "./client.js";

export { MfaError, isMfaError } from "./mfa_error.js";
export { toChallenge } from "./belvo.js";
export const BelvoClient = wrapClient(wasm.BelvoClient, "BelvoClient");
