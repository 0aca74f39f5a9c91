// The types of `mfa-flows/onelogin` (a OneLogin factor page: `OneLoginClient` and `toChallenge`). The step, input and error types are the
// whole package's own, so a step from one entry is the same type in another.
export { MfaError, isMfaError, type MfaErrorDetails, type MfaErrorJSON } from "./lib/mfa_error.js";
export { OneLoginClient } from "./lib/clients.js";
export { toChallenge } from "./lib/onelogin.js";
export type { MfaStep, MfaSteps } from "./lib/onelogin.js";
export type { CallOptions, ClientOptions, MfaChallenge, MfaChallengeDisplay, MfaChallengeFactor, MfaChallengeKind, MfaChallengeOptions, MfaChallengeAction, MfaChallengeInput, MfaInputMode, MfaMessageId, MfaMessages, MfaErrorCode, MfaEvent, MfaLocale, MfaOperationName, MfaProvider, OneLoginActivateInput, OneLoginActivation, OneLoginAuthFactor, OneLoginClientOptions, OneLoginDevice, OneLoginEnrollInput, OneLoginMfaToken, OneLoginMfaTokenInput, OneLoginVerification, OneLoginVerifyInput, OneLoginWaitOptions } from "./lib/mfa_flows.js";

/** The package version, e.g. `"0.1.0"`. */
export declare const VERSION: string;
