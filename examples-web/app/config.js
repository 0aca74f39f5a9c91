// Where the page finds each API: its own backend (examples-web/backend.mjs), which puts
// mfa-flows/server at /mfa in front of the sandbox and adds the API keys. The page holds none:
// the clients get relative base URLs and send the session's CSRF token with every call.
export const RIFFYN_URL = "/mfa/riffyn";
export const BELVO_URL = "/mfa/belvo";
export const ONELOGIN_URL = "/mfa/onelogin";
export const CONTROL_URL = `${location.origin}/_sandbox`;

/** The backend's session: { csrf, oneloginUserId, learned } (opened on first call). */
export async function session(body) {
  const res = await fetch("/demo/session", {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json", "x-csrf-token": SESSION.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`session: HTTP ${res.status}`);
  return res.json();
}
export const SESSION = await session();
/** Options every client of the page shares: the CSRF header the backend's authorize checks. */
export const CLIENT_HEADERS = { "x-csrf-token": SESSION.csrf };

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
