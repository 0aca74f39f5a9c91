// The exports of mfa-flows/riffyn, shared by its two loaders (riffyn.js, riffyn.embedded.js),
// which instantiate the module before anything here is called.
import * as wasm from "./riffyn.js";
import { wrapClient } from "./client.js";

export { MfaError, isMfaError } from "./mfa_error.js";
export { toChallenge } from "./riffyn.js";
export const RiffynClient = wrapClient(wasm.RiffynClient, "RiffynClient");
