// The types of `mfa-flows/belvo` (a Belvo bank-link page: `BelvoClient` and `toChallenge`). The step, input and error types are the
// whole package's own, so a step from one entry is the same type in another.
export { MfaError, isMfaError, type MfaErrorDetails, type MfaErrorJSON } from "./lib/mfa_error.js";
export { BelvoClient } from "./lib/clients.js";
export { toChallenge } from "./lib/belvo.js";
export type { MfaStep, MfaSteps } from "./lib/belvo.js";
export type { BelvoAccessMode, BelvoClientOptions, BelvoRegisterLinkInput, BelvoResource, BelvoResumeInput, BelvoRetrieveInput, BelvoStep, BelvoSuccess, BelvoTokenGenerationData, BelvoTokenRequired, CallOptions, ClientOptions, MfaChallenge, MfaChallengeDisplay, MfaChallengeFactor, MfaChallengeKind, MfaChallengeOptions, MfaChallengeAction, MfaChallengeInput, MfaInputMode, MfaMessageId, MfaMessages, MfaErrorCode, MfaEvent, MfaLocale, MfaOperationName, MfaProvider } from "./lib/mfa_flows.js";

/** The package version, e.g. `"0.1.0"`. */
export declare const VERSION: string;
