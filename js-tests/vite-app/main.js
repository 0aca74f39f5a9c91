// An app that imports the package by its name, as a bundler user would. After `vite build`,
// the wasm must still be found: the package's browser entry instantiates it on import (top-level
// await) from `new URL("mfa_flows_bg.wasm", import.meta.url)`, which Vite turns into an asset URL.
import { RiffynClient, MfaError, toChallenge, totp, VERSION } from "mfa-flows";

const out = document.getElementById("out");
const result = { version: VERSION, totp: totp("JBSWY3DPEHPK3PXP", { timestamp: 0 }) };
try {
  // The test's static server forwards /riffyn/ to the sandbox: a real fetch from the bundle.
  const client = new RiffynClient({ baseUrl: `${location.origin}/riffyn/v1` });
  const step = await client.login({ username: "alice", password: "correct-horse-battery" });
  result.status = step.status;
  result.challenge = toChallenge(step);
  await client.login({ username: "alice", password: "wrong-password" }).catch((e) => {
    result.error = { isMfaError: e instanceof MfaError, code: e.code };
  });
} catch (e) {
  result.failure = String(e);
}
out.textContent = JSON.stringify(result);
document.body.dataset.done = "true";
