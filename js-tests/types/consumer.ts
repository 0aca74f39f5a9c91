// A TypeScript consumer of the built package: `tsc --noEmit --strict` proves the generated
// .d.ts reads like ../../../shared/API.md. `@ts-expect-error` lines prove what must NOT compile.
import {
  RiffynClient, MfaError, isMfaError, totp, VERSION,
  type RiffynStep, type RiffynFactor, type MfaErrorCode, type ClientOptions, type CallOptions,
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

export { riffynLogin, describe, version, badCode };
