// The exports of the whole-SDK entry, shared by its two loaders (mfa_flows.js, mfa_flows.embedded.js),
// which instantiate the module before anything here is called.
import * as wasm from "./mfa_flows.js";
import { wrapClient } from "./client.js";

export { MfaError, isMfaError } from "./mfa_error.js";
export { otpauthUri, parseOtpauthUri, toChallenge, totp } from "./mfa_flows.js";
export const RiffynClient = wrapClient(wasm.RiffynClient, "RiffynClient");
export const BelvoClient = wrapClient(wasm.BelvoClient, "BelvoClient");
export const OneLoginClient = wrapClient(wasm.OneLoginClient, "OneLoginClient");
