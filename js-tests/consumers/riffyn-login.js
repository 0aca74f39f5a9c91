// The one flow every consumer runs, as a new user would write it: a Riffyn login against the sandbox
// (MFA_REQUIRED → verify with the TOTP code → SUCCESS) and a refused password. Resolves one line.
// `mfa` is the package's entry the consumer imported ("mfa-flows" or "mfa-flows/embedded").
export async function riffynLogin({ RiffynClient, MfaError, totp, VERSION }, baseUrl) {
  const client = new RiffynClient({ baseUrl });
  const step = await client.login({ username: "alice", password: "correct-horse-battery" });
  if (step.status !== "MFA_REQUIRED") return `unexpected ${step.status}`;
  const done = await client.verify({
    stateToken: step.stateToken, factorId: step.factors[0].id, passCode: totp("JBSWY3DPEHPK3PXP"),
  });
  const refused = await client.login({ username: "alice", password: "wrong-password" }).catch((e) => e);
  return `${VERSION} ${step.status} ${done.status} ${refused instanceof MfaError && refused.code}`;
}
