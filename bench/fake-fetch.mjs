// An in-process `fetch` for the client option of the same name: it answers at once (a resolved
// promise) with canned Riffyn bodies shaped like the sandbox's, and records nothing. Login
// (`…/auth`) gets MFA_REQUIRED, verify (`…/verify`) gets SUCCESS.
//
// `prepare(n)` builds n Responses of each kind ahead of time, so a timed batch does not pay for
// constructing them (a Response body is single-use); without it each call builds its own.

const HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

export function cannedBodies(now = Date.now()) {
  const iso = (ms) => new Date(ms).toISOString();
  const mfa = JSON.stringify({
    status: "MFA_REQUIRED",
    stateToken: "dGhpcy1pcy1hLWNhbm5lZC1zdGF0ZS10b2tlbi0x",
    expiresAt: iso(now + 3_600_000), // far enough for the whole run
    factors: [{ id: "uft2rfyn7totp0001", factorType: "token:software:totp", provider: "GOOGLE", vendorName: "GOOGLE",
      profile: { credentialId: "alice@example.com" } }],
  });
  const success = JSON.stringify({
    status: "SUCCESS", username: "alice", userId: "5f3c0a1e9b1d4c0011a1ce01",
    accessToken: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJyaWZmeW4tc2FuZGJveCIsInN1YiI6IjVmM2MwYTFlOWIxZDRjMDAxMWExY2UwMSJ9.c2lnbmF0dXJlLW9mLWEtY2FubmVkLXRva2VuLXgxMjM0NTY3OA",
    accessTokenExpiresAt: iso(now + 1_800_000), apiKey: "0123456789abcdef0123456789abcdef01234567", apiKeyName: "loginKey",
    message: "This API key will only be displayed once. Store it somewhere safe.",
  });
  return { mfa, success };
}

export function fakeFetch(bodies = cannedBodies()) {
  const pools = { mfa: [], success: [] };
  const make = (kind) => new Response(bodies[kind], { status: 200, headers: HEADERS });
  const fetch = async (url) => {
    const kind = String(url).endsWith("/verify") ? "success" : "mfa";
    return pools[kind].pop() ?? make(kind);
  };
  fetch.prepare = (n) => {
    for (const kind of ["mfa", "success"]) while (pools[kind].length < n) pools[kind].push(make(kind));
  };
  return fetch;
}
