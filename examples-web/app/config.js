// Where the page finds each API: the sandbox, on the page's own origin (it sends no CORS headers).
export const RIFFYN_URL = `${location.origin}/riffyn/v1`;
export const BELVO_URL = `${location.origin}/belvo`;
export const ONELOGIN_URL = `${location.origin}/onelogin`;
export const CONTROL_URL = `${location.origin}/_sandbox`;

// The sandbox's demo credentials (sandbox/README.md, "Demo identities"). A real app never ships
// API secrets to a browser: it calls the provider from its backend, or points `baseUrl` at a
// backend proxy that adds them. The clients refuse secrets in a page (`browser_secret`) unless
// `dangerouslyAllowBrowser: true`, which only this demo sets.
export const BELVO_KEYS = { secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" };
export const ONELOGIN_KEYS = { clientId: "sbx-client-id", clientSecret: "sbx-client-secret" };

/** The sandbox's control API (the device panel and the demo's set-up). Resolves parsed JSON. */
export async function control(method, path, body) {
  const res = await fetch(`${CONTROL_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status}`);
  return text ? JSON.parse(text) : null;
}
