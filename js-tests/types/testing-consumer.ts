// A TypeScript consumer of mfa-flows/testing (strict, no @types/node): the sandbox's helpers and
// their shapes. `@ts-expect-error` lines prove what must NOT compile.
import { startSandbox, type Sandbox, type SandboxFault, type SandboxMessage, type SandboxRequest } from "mfa-flows/testing";
import { RiffynClient } from "mfa-flows";

export async function useSandbox(): Promise<void> {
  const sandbox: Sandbox = await startSandbox({ port: 0, host: "127.0.0.1", pushes: "manual" });
  const riffyn = new RiffynClient({ baseUrl: sandbox.baseUrls.riffyn });
  const { username, password, factorId } = sandbox.identities.riffyn;
  const step = await riffyn.login({ username, password });
  if (step.status === "MFA_REQUIRED") await riffyn.verify({ stateToken: step.stateToken, factorId, passCode: sandbox.totp("riffyn") });
  const userId: number = sandbox.identities.onelogin.userId;
  const device: number = sandbox.identities.onelogin.pushDeviceId;
  const messages: SandboxMessage[] = await sandbox.outbox();
  const code: string | undefined = messages[messages.length - 1]?.code;
  const fault: SandboxFault = { provider: "onelogin", status: 429, headers: { "retry-after": "1" } };
  await sandbox.fault(fault);
  await sandbox.fault({ provider: "belvo", delayMs: 100, reset: true, count: 2 });
  await sandbox.fault({ provider: "onelogin", kind: "rate_limit", retryAfter: 1 });
  await sandbox.approvePush();
  await sandbox.denyPush();
  await sandbox.advanceClock(30_000);
  const log: SandboxRequest[] = await sandbox.requests();
  await sandbox.reset();
  await sandbox.close();
  void [userId, device, code, log];
  // @ts-expect-error a push mode is "manual" or "auto"
  await startSandbox({ pushes: "sometimes" });
  // @ts-expect-error Belvo has no authenticator code
  sandbox.totp("belvo");
  // @ts-expect-error rate_limit is OneLogin's fault
  await sandbox.fault({ provider: "belvo", kind: "rate_limit" });
  // @ts-expect-error the identities are read-only
  sandbox.identities.riffyn.password = "x";
}
