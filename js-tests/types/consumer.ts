// A TypeScript consumer of the built package: `tsc --noEmit --strict` proves the generated
// .d.ts reads like ../../../shared/API.md. `@ts-expect-error` lines prove what must NOT compile.
import {
  RiffynClient, BelvoClient, OneLoginClient, MfaError, isMfaError, toChallenge, totp, VERSION,
  parseOtpauthUri, otpauthUri, type OtpauthKey, type MfaLocale,
  type RiffynStep, type RiffynFactor, type MfaErrorCode, type ClientOptions, type CallOptions,
  type BelvoStep, type BelvoTokenRequired, type OneLoginActivation, type OneLoginVerification,
  type OneLoginDevice, type OneLoginAuthFactor, type OneLoginMfaToken, type MfaChallenge,
} from "mfa-flows";

const options: ClientOptions = { baseUrl: "https://api.app.riffyn.com/v1", timeoutMs: 10_000, fetch: globalThis.fetch };
const riffyn = new RiffynClient(options);
const version: string = VERSION;

async function riffynLogin(signal: AbortSignal): Promise<string> {
  const call: CallOptions = { signal, timeoutMs: 5_000 };
  const step: RiffynStep = await riffyn.login({ username: "alice", password: "pw" }, call);
  // @ts-expect-error stateToken only exists on the MFA_REQUIRED branch
  step.stateToken;
  if (step.status === "MFA_REQUIRED") {
    const factor: RiffynFactor | undefined = step.factors[0];
    const done = await riffyn.verify({
      stateToken: step.stateToken, factorId: factor?.id ?? "", passCode: totp("JBSWY3DPEHPK3PXP"),
      expiresAt: step.expiresAt,
    });
    // @ts-expect-error accessToken only exists on the SUCCESS branch
    done.accessToken;
    return done.status === "SUCCESS" ? done.accessToken : "";
  }
  return step.accessToken;
}

function describe(e: unknown): string {
  if (isMfaError(e)) {
    const code: MfaErrorCode = e.code;
    const status: number | undefined = e.status;
    return `${e.name} ${code} ${status ?? ""} ${e.provider ?? ""} ${e.retryAfterMs ?? ""}`;
  }
  if (e instanceof MfaError) return e.message;
  return String(e);
}

// @ts-expect-error a literal outside the MfaErrorCode union
const badCode: MfaErrorCode = "nope";
// @ts-expect-error baseUrl is required
new RiffynClient({});
totp("JBSWY3DPEHPK3PXP", { digits: 8, algorithm: "SHA256", period: 30, timestamp: Date.now() });
// @ts-expect-error algorithm is a union of names
totp("JBSWY3DPEHPK3PXP", { algorithm: "MD5" });

// Authenticator URIs.
const key: OtpauthKey = parseOtpauthUri("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example");
const keyParts: [string, string | undefined, string | undefined, "SHA1" | "SHA256" | "SHA512", number, number] =
  [key.secret, key.issuer, key.account, key.algorithm, key.digits, key.period];
const uri: string = otpauthUri({ secret: key.secret, account: key.account ?? "alice", issuer: key.issuer, digits: 8 });
totp(uri, { timestamp: 0 });
// @ts-expect-error account is required
otpauthUri({ secret: "JBSWY3DPEHPK3PXP" });

// Locales: the three tables by name, any other tag accepted (it falls back to English).
const locale: MfaLocale = "pt-BR";
const localized: string | undefined = toChallenge({ deviceId: 1, stateToken: "s", expiresAt: "x" }, { locale })?.prompt;
toChallenge({ deviceId: 1, stateToken: "s", expiresAt: "x" }, { locale: navigatorLanguage() });
declare function navigatorLanguage(): string;
// @ts-expect-error locale is a string
toChallenge({ deviceId: 1, stateToken: "s", expiresAt: "x" }, { locale: 5 });

const belvo = new BelvoClient({ baseUrl: "https://sandbox.belvo.com", secretId: "id", secretPassword: "pw" });
async function belvoLink(ask: (c: MfaChallenge | null) => Promise<string | undefined>): Promise<unknown> {
  let step: BelvoStep = await belvo.registerLink({ institution: "erebor_mx_retail", username: "bnk100", password: "full" });
  // @ts-expect-error session only exists on the TOKEN_REQUIRED branch
  step.session;
  while (step.status === "TOKEN_REQUIRED") {
    const challenge: BelvoTokenRequired = step;
    const expects: boolean | undefined = challenge.tokenGenerationData?.expectsUserInput;
    step = await belvo.resume(challenge, { token: expects === false ? undefined : await ask(toChallenge(challenge)) });
  }
  const accounts = await belvo.retrieve("accounts", { link: "l", saveData: false, dateFrom: "2026-01-01", anyExtra: 1 });
  // @ts-expect-error not a Belvo resource
  await belvo.retrieve("cats", { link: "l" });
  // @ts-expect-error accessMode is a union
  await belvo.registerLink({ institution: "x", username: "u", accessMode: "sometimes" });
  return [step.data, step.httpStatus, accounts.status];
}

import { createMfaProxy, memoryStore, redisStore } from "mfa-flows/server";
import type { MfaProxy, MfaOperation, MfaOperationName, MfaResult, MfaNodeRequest, MfaStore, MfaLimits, MfaGuardDecision, MfaFactorKind, MfaOutcome } from "mfa-flows/server";

const onelogin = new OneLoginClient({ baseUrl: "https://x.onelogin.com", clientId: "id", clientSecret: "s" });
new OneLoginClient({ baseUrl: "https://x.onelogin.com", accessToken: "t" });
async function oneloginPush(userId: number, signal: AbortSignal): Promise<OneLoginVerification> {
  const factors: OneLoginAuthFactor[] = await onelogin.availableFactors(userId);
  const device: OneLoginDevice = await onelogin.enrollFactor(userId, { factorId: factors[0]?.factorId ?? 0, displayName: "Phone", number: "+1" });
  const devices: OneLoginDevice[] = await onelogin.enrolledFactors(userId, { signal });
  const activation: OneLoginActivation = await onelogin.activateFactor(userId, device.id, { stateTokenExpiresIn: 300 });
  const challenge: MfaChallenge | null = toChallenge(activation);
  const kind: "otp" | "push" | "qr" | "confirm" | undefined = challenge?.kind;
  const checked = await onelogin.verifyFactor(userId, String(activation.deviceId), { stateToken: activation.stateToken, otpToken: "123456" });
  if (checked.status === "VERIFIED") return checked;
  const token: OneLoginMfaToken = await onelogin.generateMfaToken(userId, { expiresIn: 300, reusable: false });
  await onelogin.removeFactor(userId, devices[0]?.id ?? 0);
  // @ts-expect-error userId is a number
  await onelogin.availableFactors("1001");
  void kind; void token;
  return onelogin.waitForPush(userId, activation.deviceId, activation, { intervalMs: 1000, signal, onPoll: (n: number) => void n });
}

// Proxy mode: no credential, no Authorization.
new OneLoginClient({ baseUrl: "/mfa/onelogin" });

// mfa-flows/server, with an app's own request type.
interface AppRequest extends MfaNodeRequest { session?: { oneloginUserId: number; links: Set<string> } }
const proxy: MfaProxy = createMfaProxy<AppRequest>({
  basePath: "/mfa",
  belvo: { baseUrl: "https://sandbox.belvo.com", secretId: "id", secretPassword: "pw" },
  onelogin: { baseUrl: "https://x.onelogin.com", clientId: "id", clientSecret: "s" },
  authorize: (op: MfaOperation, req) => op.provider !== "onelogin" || op.userId === req.session?.oneloginUserId,
  subject: (req) => req.headers["x-session-id"] as string,
  onResult: (result: MfaResult, req) => {
    const guard: MfaGuardDecision | undefined = result.guard;
    const handle: string | undefined = result.operation.handle;
    void guard; void handle;
    const outcome: "verified" | "pending" | "failed" = result.outcome;
    // The operation and result types are the Rust ones (src/proxy.rs, tsify), exported by name.
    const outcomes: MfaOutcome[] = ["verified", "pending", "failed", outcome];
    const kind: MfaFactorKind | undefined = result.operation.factorKind;
    // @ts-expect-error a factor kind is "otp" or "push"
    const sms: MfaFactorKind = "sms";
    void outcomes; void kind; void sms;
    const code: MfaErrorCode | undefined = result.code;
    if (result.link) req.session?.links.add(result.link);
    void outcome; void code;
  },
  allow: ["riffyn.login", "onelogin.verifyFactor"] satisfies MfaOperationName[],
  maxBodyBytes: 4096,
});
createMfaProxy({ authorize: async () => true, subject: async () => "session-id", onelogin: { baseUrl: "https://x", accessToken: "t" } });
createMfaProxy({
  riffyn: { baseUrl: "https://riffyn.example/v1" },
  authorize: (op) => op.verified !== true,
  subject: () => "s",
  allowVerifiedEnrollment: true,
  onError: (error, req) => {
    const code: MfaErrorCode = error.code;
    void code; void req;
  },
});
// @ts-expect-error onError is not awaited: it gets the error, not a second result
createMfaProxy({ riffyn: { baseUrl: "https://riffyn.example/v1" }, authorize: () => true, subject: () => "s", onError: (error: MfaResult) => void error });
// @ts-expect-error not an operation
createMfaProxy({ authorize: () => true, subject: () => "s", allow: ["onelogin.everything"] });
// @ts-expect-error authorize is required
createMfaProxy({ basePath: "/mfa", subject: () => "s" });
// @ts-expect-error subject is required
createMfaProxy({ authorize: () => true });
const stores: MfaStore[] = [memoryStore(), memoryStore({ maxEntries: 1000 }), redisStore({}, { prefix: "app:mfa:", key: "a-long-shared-secret" })];
createMfaProxy({ authorize: () => true, subject: () => "s", store: stores[0], limits: { codesPerHandle: 3, codeReuseMs: 60_000 } satisfies MfaLimits });
// @ts-expect-error not a limit
createMfaProxy({ authorize: () => true, subject: () => "s", limits: { codes: 3 } });
const answer: Promise<Response> = proxy.handle(new Request("http://app.test/mfa/riffyn/auth"));

export { riffynLogin, describe, version, badCode, belvoLink, oneloginPush, answer };

// onEvent (issue 26): the union narrows on `type`; the proxy's telemetry option.
import type { MfaEvent, MfaOperationName as ClientOperationName } from "mfa-flows";
const seen: string[] = [];
new RiffynClient({
  baseUrl: "https://api.app.riffyn.com/v1",
  onEvent(event: MfaEvent) {
    const operation: ClientOperationName = event.operation;
    const sameNames: MfaOperationName = operation; // the proxy's names are the clients'
    if (event.type === "response") seen.push(`${operation} ${event.status} ${event.durationMs}`);
    if (event.type === "error") seen.push(event.code, String(event.status ?? ""));
    if (event.type === "poll") seen.push(`${event.count} ${event.status}`);
    // @ts-expect-error a request event has no status
    if (event.type === "request") seen.push(String(event.status));
  },
});
// @ts-expect-error onEvent is a function
new RiffynClient({ baseUrl: "https://x", onEvent: "yes" });
createMfaProxy({ authorize: () => true, subject: () => "s", riffyn: { baseUrl: "https://x" }, telemetry: { ids: true } });
// @ts-expect-error ids is a boolean
createMfaProxy({ authorize: () => true, subject: () => "s", riffyn: { baseUrl: "https://x" }, telemetry: { ids: "yes" } });
