// A Cloudflare Worker as the README writes it: the proxy under /mfa, and a RiffynClient used
// server-side at /login. The test bundles it with esbuild under the "workerd" condition (as wrangler
// does) and runs it in Miniflare; SANDBOX stands for your providers' URLs (an esbuild define here).
import { createMfaProxy } from "mfa-flows/server";
import { RiffynClient, totp } from "mfa-flows";

const proxy = createMfaProxy({
  basePath: "/mfa",
  riffyn: { baseUrl: `${SANDBOX}/riffyn/v1` },
  subject: (request) => request.headers.get("cookie") ?? "",   // your session's id
  authorize: () => true,
});
const riffyn = new RiffynClient({ baseUrl: `${SANDBOX}/riffyn/v1` });

async function login() {
  const step = await riffyn.login({ username: "alice", password: "correct-horse-battery" });
  const done = await riffyn.verify({ stateToken: step.stateToken, factorId: step.factors[0].id, passCode: totp("JBSWY3DPEHPK3PXP") });
  return new Response(`${step.status} ${done.status}`);
}

export default { fetch: (request) => (new URL(request.url).pathname === "/login" ? login() : proxy.handle(request)) };
