// A TypeScript consumer of each entry point: its types resolve, a step of one entry is the same
// type in another (both ways), and a one-provider toChallenge takes only its provider's steps.
// `@ts-expect-error` lines prove what must NOT compile.
import * as whole from "mfa-flows";
import * as embedded from "mfa-flows/riffyn/embedded";
import {
  RiffynClient, toChallenge as riffynChallenge, MfaError, isMfaError, VERSION,
  type RiffynStep, type MfaChallenge, type MfaErrorCode,
} from "mfa-flows/riffyn";
import { BelvoClient, toChallenge as belvoChallenge, MfaError as BelvoMfaError, type BelvoStep } from "mfa-flows/belvo";
import {
  OneLoginClient, toChallenge as oneloginChallenge, type OneLoginActivation, type OneLoginVerification,
} from "mfa-flows/onelogin";
import { totp, parseOtpauthUri, otpauthUri, MfaError as TotpMfaError, type OtpauthKey } from "mfa-flows/totp";

const version: string = VERSION;
const riffyn = new RiffynClient({ baseUrl: "/mfa/riffyn" });

async function riffynPage(code: string): Promise<string> {
  const step: RiffynStep = await riffyn.login({ username: "alice", password: "pw" });
  // The Riffyn entry's step is the whole SDK's RiffynStep, and back.
  const asWhole: whole.RiffynStep = step;
  const back: RiffynStep = asWhole;
  const challenge: whole.MfaChallenge | null = riffynChallenge(back);
  const same: MfaChallenge | null = whole.toChallenge(step);
  if (step.status !== "MFA_REQUIRED") return step.accessToken;
  const done = await new whole.RiffynClient({ baseUrl: "/mfa/riffyn" }).verify({
    stateToken: step.stateToken, factorId: step.factors[0]?.id ?? "", passCode: code, expiresAt: step.expiresAt,
  });
  void [challenge, same];
  return done.status === "SUCCESS" ? done.accessToken : "";
}

declare const belvoStep: BelvoStep;
declare const activation: OneLoginActivation;
const belvoWhole: whole.BelvoStep = belvoStep;
const activationWhole: whole.OneLoginActivation = activation;
belvoChallenge(belvoWhole);
oneloginChallenge(activationWhole);
whole.toChallenge(belvoStep);
// @ts-expect-error the Riffyn entry's toChallenge takes Riffyn steps only
riffynChallenge(belvoStep);
// @ts-expect-error the Belvo entry's toChallenge takes Belvo steps only
belvoChallenge(activation);
// @ts-expect-error the OneLogin entry's toChallenge takes OneLogin activations only
oneloginChallenge(belvoStep);

// One MfaError: an error of any entry narrows with any entry's class or guard.
function describe(error: unknown): MfaErrorCode | undefined {
  if (error instanceof BelvoMfaError) {
    const asRiffyn: MfaError = error;
    const asWhole: whole.MfaError = asRiffyn;
    return asWhole.code;
  }
  if (isMfaError(error) || whole.isMfaError(error)) return error.code;
  return error instanceof TotpMfaError ? error.code : undefined;
}

const belvo = new BelvoClient({ baseUrl: "/mfa/belvo" });
const onelogin = new OneLoginClient({ baseUrl: "/mfa/onelogin", accessToken: "t" });
async function onePush(): Promise<OneLoginVerification> {
  const started = await onelogin.activateFactor(1001, 526001);
  return onelogin.waitForPush(1001, 526001, started);
}
const key: OtpauthKey = parseOtpauthUri(otpauthUri({ secret: "JBSWY3DPEHPK3PXP", issuer: "Example", account: "a" }));
const code: string = totp(key.secret);
const sameClient: typeof RiffynClient = embedded.RiffynClient;
// @ts-expect-error the Riffyn entry has no Belvo client
embedded.BelvoClient;

export { version, riffynPage, describe, belvo, onePush, code, sameClient };
