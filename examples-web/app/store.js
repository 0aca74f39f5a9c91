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
    for (const p of ["riffyn", "belvo", "onelogin", "tab", "abandoned"]) sessionStorage.removeItem(key(p));
  },
};

/**
 * What the page gave up on (a push it cancelled, a bank session left with Start over), by state
 * token or session id: the device panel no longer offers to answer them. Neither API can withdraw
 * a pending push or bank session, so the sandbox still lists them until they expire.
 */
export const abandoned = {
  add(token) {
    if (token) pending.save("abandoned", [token, ...abandoned.list()].slice(0, 20));
  },
  list() {
    const list = pending.load("abandoned");
    return Array.isArray(list) ? list : [];
  },
};

/** Whether an ISO time is in the past. */
export const isPast = (iso) => Boolean(iso) && Date.parse(iso) <= Date.now();
