// The public client classes of the package (js/lib/client.js makes them around the generated
// bindings). The input and step types they use are generated from the Rust models (tsify).
import type {
  BelvoClientOptions, BelvoRegisterLinkInput, BelvoResource, BelvoResumeInput, BelvoRetrieveInput, BelvoStep,
  BelvoTokenRequired, CallOptions, ClientOptions, OneLoginActivateInput, OneLoginActivation, OneLoginAuthFactor,
  OneLoginClientOptions, OneLoginDevice, OneLoginEnrollInput, OneLoginMfaToken, OneLoginMfaTokenInput,
  OneLoginVerification, OneLoginVerifyInput, OneLoginWaitOptions, RiffynCredentials, RiffynStep, RiffynVerifyInput,
} from "./mfa_flows.js";

/**
 * A Belvo client: `registerLink` and `retrieve` may answer `TOKEN_REQUIRED` (HTTP 428), which
 * `resume` completes with the user's token. It holds configuration only: steps are plain JSON
 * objects that can be stored (e.g. in `sessionStorage`) and resumed later, even by another
 * client.
 */
export declare class BelvoClient {
  /**
   * Releases the client's memory in the module now. Optional: a client is freed by the garbage
   * collector once unreachable. Calls already started still complete; later calls reject with
   * `MfaError` `invalid_input`; a second `free()` does nothing.
   */
  free(): void;
  /**
   * `free()`, for `using client = new …(…)` (where the host has `Symbol.dispose`). Needs the
   * TypeScript lib `esnext.disposable` (or `esnext`); with an older lib this member is ignored.
   */
  // @ts-ignore TS2550 without lib esnext.disposable: the rest of the class stays typed.
  [Symbol.dispose](): void;
  /**
   * Checks the options and sends nothing.
   *
   * Throws `MfaError` at once: `invalid_input`, `insecure_url`, or `browser_secret` for a
   * `secretPassword` in a browser page without `dangerouslyAllowBrowser: true`.
   */
  constructor(options: BelvoClientOptions);
  /**
   * Registers a link (`POST {baseUrl}/api/links/`). Resolves `SUCCESS` with the Link in
   * `data`, or `TOKEN_REQUIRED` when the institution asks for an MFA token. Rejects
   * `MfaError` (`invalid_input`, `invalid_credentials`, `provider_error` with `providerCode`
   * such as `activation_required`, `rate_limited`, `unauthorized`, …).
   */
  registerLink(input: BelvoRegisterLinkInput, call?: CallOptions | null): Promise<BelvoStep>;
  /**
   * Completes a `TOKEN_REQUIRED` step (`PATCH {baseUrl}{resumePath}`) with the user's
   * `token` (omit it when `tokenGenerationData.expectsUserInput` is false). Resolves
   * `SUCCESS`, or another `TOKEN_REQUIRED` (multi-step MFA: loop). Rejects `MfaError`:
   * `invalid_code` for a wrong token (the step may be resumed again), `expired` (checked
   * locally from `expiresAt` without sending anything, or said by Belvo), `invalid_input`
   * for a missing token.
   */
  resume(challenge: BelvoTokenRequired, input?: BelvoResumeInput | null, call?: CallOptions | null): Promise<BelvoStep>;
  /**
   * Retrieves a data resource of a link (`POST {baseUrl}/api/{resource}/`). Resolves
   * `SUCCESS` with Belvo's array in `data`, or `TOKEN_REQUIRED`. Extra camelCase fields of
   * `input` are sent in snake_case. Rejects `MfaError` (`invalid_input` for an unknown
   * resource, `rate_limited`, `provider_error`, …).
   */
  retrieve(resource: BelvoResource, input: BelvoRetrieveInput, call?: CallOptions | null): Promise<BelvoStep>;
}

/**
 * A OneLogin API v1 MFA client. Its only state is the OAuth2 access token it obtained with
 * `clientId`/`clientSecret` (one request shared by concurrent calls, renewed before it
 * expires and once when refused); activations are plain JSON objects that can be stored.
 */
export declare class OneLoginClient {
  /**
   * Releases the client's memory in the module now. Optional: a client is freed by the garbage
   * collector once unreachable. Calls already started still complete; later calls reject with
   * `MfaError` `invalid_input`; a second `free()` does nothing.
   */
  free(): void;
  /**
   * `free()`, for `using client = new …(…)` (where the host has `Symbol.dispose`). Needs the
   * TypeScript lib `esnext.disposable` (or `esnext`); with an older lib this member is ignored.
   */
  // @ts-ignore TS2550 without lib esnext.disposable: the rest of the class stays typed.
  [Symbol.dispose](): void;
  /**
   * Triggers a device (`POST …/otp_devices/{deviceId}/trigger`): sends the SMS, the voice
   * call or the push. Resolves an activation whose `expiresAt` is now +
   * `stateTokenExpiresIn` (default 120 s).
   */
  activateFactor(userId: number, deviceId: number | string, input?: OneLoginActivateInput | null, call?: CallOptions | null): Promise<OneLoginActivation>;
  /**
   * The factors the user can still enrol (`GET /api/1/users/{userId}/auth_factors`).
   */
  availableFactors(userId: number, call?: CallOptions | null): Promise<OneLoginAuthFactor[]>;
  /**
   * Enrols a factor (`POST …/otp_devices`). Resolves the new device, whose `stateToken`
   * verifies it with the code sent to it (unless `verified: true`).
   */
  enrollFactor(userId: number, input: OneLoginEnrollInput, call?: CallOptions | null): Promise<OneLoginDevice>;
  /**
   * The user's enrolled devices (`GET …/otp_devices`); `needsTrigger` tells whether a
   * device must be activated before it is verified.
   */
  enrolledFactors(userId: number, call?: CallOptions | null): Promise<OneLoginDevice[]>;
  /**
   * Generates a temporary MFA token (`POST …/mfa_token`) that the user verifies with
   * `deviceId` 0 and `otpToken` = the token.
   */
  generateMfaToken(userId: number, input?: OneLoginMfaTokenInput | null, call?: CallOptions | null): Promise<OneLoginMfaToken>;
  /**
   * Checks the options and sends nothing.
   *
   * Throws `MfaError` at once: `invalid_input` (unless exactly one of `accessToken` or
   * `clientId` + `clientSecret`), `insecure_url`, or `browser_secret` for a `clientSecret`
   * in a browser page without `dangerouslyAllowBrowser: true`.
   */
  constructor(options: OneLoginClientOptions);
  /**
   * Removes a device (`DELETE …/otp_devices/{deviceId}`).
   */
  removeFactor(userId: number, deviceId: number | string, call?: CallOptions | null): Promise<void>;
  /**
   * Verifies a device (`POST …/otp_devices/{deviceId}/verify`) with an `otpToken`, a
   * `stateToken`, or both. Resolves `VERIFIED`, or `PENDING` while a push awaits the user.
   * Rejects `invalid_code` (wrong code; retry), `rejected` (push denied), `expired` (also
   * locally, nothing sent, when `expiresAt` is past).
   */
  verifyFactor(userId: number, deviceId: number | string, input: OneLoginVerifyInput, call?: CallOptions | null): Promise<OneLoginVerification>;
  /**
   * Polls `verifyFactor` with the activation's state token until the push is approved
   * (resolves `VERIFIED`). Rejects `rejected` when denied, `expired` at the activation's
   * `expiresAt`, `aborted` when `signal` fires (also during a wait). No timer is left behind.
   */
  waitForPush(userId: number, deviceId: number | string, activation: OneLoginActivation, options?: OneLoginWaitOptions): Promise<OneLoginVerification>;
}

/**
 * A Riffyn login client. It holds configuration only: steps are plain JSON objects that can
 * be stored (e.g. in `sessionStorage`) and passed back later, even to a new client.
 */
export declare class RiffynClient {
  /**
   * Releases the client's memory in the module now. Optional: a client is freed by the garbage
   * collector once unreachable. Calls already started still complete; later calls reject with
   * `MfaError` `invalid_input`; a second `free()` does nothing.
   */
  free(): void;
  /**
   * `free()`, for `using client = new …(…)` (where the host has `Symbol.dispose`). Needs the
   * TypeScript lib `esnext.disposable` (or `esnext`); with an older lib this member is ignored.
   */
  // @ts-ignore TS2550 without lib esnext.disposable: the rest of the class stays typed.
  [Symbol.dispose](): void;
  /**
   * Logs in (`POST {baseUrl}/auth` with HTTP Basic). Resolves `SUCCESS`, or `MFA_REQUIRED`
   * with a `stateToken` and the `factors` to verify with. Rejects `MfaError`
   * (`invalid_credentials`, `network`, `timeout`, `aborted`, …).
   */
  login(credentials: RiffynCredentials, call?: CallOptions | null): Promise<RiffynStep>;
  /**
   * Checks the options and sends nothing.
   *
   * Throws `MfaError` (`invalid_input`, `insecure_url`) at once on bad options.
   */
  constructor(options: ClientOptions);
  /**
   * Verifies a pass code (`POST {baseUrl}/auth/factor/{factorId}/verify`). Resolves
   * `SUCCESS` with an `accessToken`. A wrong code rejects `invalid_code` and the step stays
   * usable; a step past its `expiresAt` rejects `expired` without sending anything.
   */
  verify(input: RiffynVerifyInput, call?: CallOptions | null): Promise<RiffynStep>;
}
