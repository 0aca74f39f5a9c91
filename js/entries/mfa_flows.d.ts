// The types of `mfa-flows` (and of `mfa-flows/embedded`, the same API). Nothing to configure:
// compiles under `strict` with any lib from ES2020 plus DOM, without skipLibCheck or @types/node.
export { MfaError, isMfaError, type MfaErrorDetails, type MfaErrorJSON } from "./lib/mfa_error.js";
export { RiffynClient, BelvoClient, OneLoginClient } from "./lib/clients.js";
export { otpauthUri, parseOtpauthUri, toChallenge, totp } from "./lib/mfa_flows.js";
export type {
  BelvoAccessMode, BelvoClientOptions, BelvoRegisterLinkInput, BelvoResource, BelvoResumeInput, BelvoRetrieveInput,
  BelvoStep, BelvoSuccess, BelvoTokenGenerationData, BelvoTokenRequired, CallOptions, ClientOptions, MfaChallenge,
  MfaChallengeDisplay, MfaChallengeFactor, MfaChallengeKind, MfaChallengeOptions, MfaChallengeAction, MfaChallengeInput, MfaInputMode, MfaMessageId, MfaMessages, MfaErrorCode, MfaEvent, MfaLocale, MfaOperationName, MfaStep, MfaSteps,
  OtpauthKey, OtpauthKeyInput, MfaProvider, OneLoginActivateInput,
  OneLoginActivation, OneLoginAuthFactor, OneLoginClientOptions, OneLoginDevice, OneLoginEnrollInput,
  OneLoginMfaToken, OneLoginMfaTokenInput, OneLoginVerification, OneLoginVerifyInput, OneLoginWaitOptions,
  RiffynCredentials, RiffynFactor, RiffynFactorProfile, RiffynStep, RiffynVerifyInput, TotpAlgorithm, TotpOptions,
} from "./lib/mfa_flows.js";

/** The package version, e.g. `"0.1.0"`. */
export declare const VERSION: string;
