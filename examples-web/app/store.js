// The pending step of each provider, kept in sessionStorage so that a reload resumes it.
// Steps are plain JSON (API.md: "steps can be stored and passed back later, even to a new client").
const key = (provider) => `mfa-flows-demo:${provider}`;

export const pending = {
  load(provider) {
    try {
      return JSON.parse(sessionStorage.getItem(key(provider)) ?? "null");
    } catch {
      return null;
    }
  },
  save(provider, value) {
    sessionStorage.setItem(key(provider), JSON.stringify(value));
  },
  clear(provider) {
    sessionStorage.removeItem(key(provider));
  },
  clearAll() {
    for (const p of ["riffyn", "belvo", "onelogin", "tab"]) sessionStorage.removeItem(key(p));
  },
};

/** Whether an ISO time is in the past. */
export const isPast = (iso) => Boolean(iso) && Date.parse(iso) <= Date.now();
