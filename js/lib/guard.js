// The proxy's guard: binds each handle an answer mints (Riffyn stateToken, Belvo session,
// OneLogin state_token) to the subject that received it, counts failed codes, throttles OneLogin
// triggers and refuses a code used twice. The core (src/proxy.rs) reads the handles and codes;
// this file only digests them (HMAC-SHA-256 under the store's key) and keeps counts in the store.
// Nothing raw reaches the store; a store that fails refuses the call (503), never lets it through.
import { MfaError } from "./mfa_error.js";
import { operationRow } from "./ops.js";
import { memoryStore } from "./store.js";

/** The options `createMfaProxy` reads for the guard. */
export const GUARD_OPTIONS = ["subject", "limits", "store"];

export const LIMITS = Object.freeze({
  codesPerHandle: 5,
  failuresPerSubject: 10,
  failureWindowMs: 900_000,
  consecutiveFailuresPerUser: 100,
  pushIntervalMs: 30_000,
  pushesPerWindow: 5,
  pushWindowMs: 600_000,
  codeReuseMs: 120_000,
});
/** How long a binding lives: longer than any provider's handle (OneLogin's at most 900 s). */
const BIND_MS = 1_800_000;
/** How long a OneLogin user's consecutive failures are remembered without a success. */
const USER_MS = 86_400_000;
/** The wait a 503 asks for. */
const STORE_RETRY_MS = 2_000;
const STORE_METHODS = ["take", "give", "put", "get", "del"];

const own = (object, key) => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);
const invalid = (message) => new MfaError("invalid_input", `createMfaProxy: ${message}`);

/** Reads `subject`, `limits` and `store`; throws `invalid_input` naming the bad key. */
export function readGuard(options) {
  const subject = own(options, "subject");
  if (typeof subject !== "function") throw invalid("subject: must be a function (request) => string");
  const raw = own(options, "limits");
  const given = raw === undefined ? {} : raw;
  if (typeof given !== "object" || given === null || Array.isArray(given)) throw invalid("limits: must be an object");
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(LIMITS, key)) throw invalid(`limits.${key}: is not a limit (${Object.keys(LIMITS).join(", ")})`);
  }
  const limits = {};
  for (const key of Object.keys(LIMITS)) {
    const value = own(given, key) ?? LIMITS[key];
    if (!Number.isSafeInteger(value) || value < 1) throw invalid(`limits.${key}: must be a positive integer`);
    limits[key] = value;
  }
  const store = own(options, "store") ?? memoryStore();
  if (typeof store !== "object" || store === null || !STORE_METHODS.every((m) => typeof store[m] === "function")) {
    throw invalid(`store: must be an MfaStore (${STORE_METHODS.join(", ")})`);
  }
  // A key behind an own getter (memoryStore's, drawn at first use for workerd) is read at first use.
  if (!Object.getOwnPropertyDescriptor(store, "key")?.get) storeKey(store);
  return { subject, limits, store, hmac: null };
}

function storeKey(store) {
  const key = store.key;
  if (typeof key !== "string" && !(key instanceof Uint8Array)) throw invalid("store: key must be a string or a Uint8Array");
  return key;
}

/** A failure of the store: the proxy answers 503 and forwards nothing. */
class StoreDown extends Error {}
const stored = (promise) => Promise.resolve(promise).catch(() => {
  throw new StoreDown();
});

function base64url(bytes) {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Node, Deno and Bun: node:crypto's HMAC, computed at once. Elsewhere (workers, a page) WebCrypto's,
// which is asynchronous (in Node a thread-pool round trip per digest: most of the guard's cost).
const nodeCrypto = globalThis.process?.getBuiltinModule?.("node:crypto");

/** `label:` + the first 128 bits of HMAC-SHA-256(store key, label NUL value), base64url. */
async function digest(guard, label, value) {
  const key = storeKey(guard.store);
  if (nodeCrypto) {
    // A Buffer writes base64url itself (what base64url() gives, without its loop and replaces).
    const mac = nodeCrypto.createHmac("sha256", key).update(`${label}\0${value}`).digest().subarray(0, 16);
    return `${label}:${mac.toString("base64url")}`;
  }
  guard.hmac ??= crypto.subtle.importKey("raw", typeof key === "string" ? new TextEncoder().encode(key) : key,
    { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", await guard.hmac, new TextEncoder().encode(`${label}\0${value}`));
  return `${label}:${base64url(new Uint8Array(mac, 0, 16))}`;
}

/** The answer and the `MfaResult` of a refusal of the guard. */
function refuse(call, status, code, reason, message, retryAfterMs, handle) {
  const headers = { "content-type": "application/json" };
  if (retryAfterMs !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  const result = call.noAnswer("network");
  if (handle !== undefined) result.operation.handle = handle;
  Object.assign(result, { status, code, guard: reason });
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return {
    answer: { status, headers, body: JSON.stringify({ error: code, message, mfaProxy: reason }) },
    result,
  };
}

const UNAVAILABLE = (call, handle) =>
  refuse(call, 503, "server_error", "store_unavailable", "the proxy cannot check this step now; try again shortly", STORE_RETRY_MS, handle);

/**
 * Reads what the call carries, digests it, and gives `operation.handle` (a digest) for
 * `authorize`. Resolves the checks to run before forwarding and the settling after.
 */
export async function guardCall(guard, call, operation, body, request) {
  const who = await guard.subject(request);
  if (typeof who !== "string" || who === "") return { subjectMissing: true };
  const { limits, store } = guard;
  const name = operation.name;
  // The row's guard flags (src/ops.rs): whether the request continues a handle (and carries a
  // code), may carry a code up front without one (Belvo's bank token), and whether its answer may
  // mint a handle.
  const { continues, upFront, mints } = operationRow(name);
  const carried = continues || upFront ? call.carried(body) : {};
  const sd = await digest(guard, "s", who);
  const device = operation.userId !== undefined && operation.deviceId !== undefined
    ? await digest(guard, "d", `${operation.userId}|${operation.deviceId}`) : undefined;
  const hd = carried.handle !== undefined ? await digest(guard, "h", `${operation.provider}|${carried.handle}`) : undefined;
  if (hd !== undefined) operation.handle = hd;
  // Only OneLogin's OTP verify goes without a handle (a device that needs no trigger).
  const mustBind = name === "riffyn.verify" || name === "belvo.resume" || hd !== undefined;
  const counted = name === "riffyn.verify" || name === "belvo.resume" || (name === "onelogin.verifyFactor" && operation.factorKind === "otp")
    || (upFront && carried.code !== undefined);
  const ctx = { call, operation, name, sd, hd, device, counters: [], claim: undefined, scope: undefined, userKey: undefined, checked: false };

  /** Refuses the call (resolves an answer and result), or `null` to forward it. */
  ctx.check = async () => {
    try {
      if (mustBind) {
        const bound = hd === undefined ? null : await stored(store.get(`b:${hd}`));
        const [subjectOf, scope] = typeof bound === "string" ? bound.split(" ") : [];
        const link = carried.link !== undefined ? await digest(guard, "l", carried.link) : undefined;
        const sameScope = name === "riffyn.verify" || scope === (name === "belvo.resume" ? link : device);
        if (subjectOf !== sd || !sameScope) {
          return refuse(call, 403, "forbidden", "handle_not_bound", "this step was started by another sign-in; start again", undefined, hd);
        }
        ctx.scope = scope || hd;
      }
      // A retrieve's token is the link's: counted and claimed for that account.
      if (upFront && carried.link !== undefined) ctx.scope = await digest(guard, "l", carried.link);
      if (counted) {
        const failureKey = hd ?? device;
        if (failureKey) ctx.counters.push({ key: `f:${failureKey}`, limit: limits.codesPerHandle, ttlMs: limits.failureWindowMs });
        ctx.counters.push({ key: `f:${sd}`, limit: limits.failuresPerSubject, ttlMs: limits.failureWindowMs });
        if (operation.provider === "onelogin" && operation.userId !== undefined) {
          ctx.userKey = `f:${await digest(guard, "u", `onelogin|${operation.userId}`)}`;
        } else if (ctx.scope !== undefined && ctx.scope !== hd) {
          // The account the handle was minted for (Riffyn's username, Belvo's link): a new
          // subject and a new login per handle must not reset NIST 5.2.2's consecutive count.
          ctx.userKey = `f:${ctx.scope}`;
        }
        if (ctx.userKey) ctx.counters.push({ key: ctx.userKey, limit: limits.consecutiveFailuresPerUser, ttlMs: USER_MS });
      }
      if (name === "onelogin.activateFactor" && device) {
        ctx.counters.push(
          { key: `pi:${device}`, limit: 1, ttlMs: limits.pushIntervalMs },
          { key: `pw:${device}`, limit: limits.pushesPerWindow, ttlMs: limits.pushWindowMs },
        );
      }
      if (ctx.counters.length) {
        const wait = Number(await stored(store.take(ctx.counters)));
        if (!Number.isFinite(wait) || wait < 0) throw new StoreDown();
        if (wait > 0) {
          ctx.counters = [];
          return refuse(call, 429, "rate_limited", "limit_reached", "too many attempts; wait before trying again", wait, hd);
        }
      }
      if (counted && carried.code !== undefined && (ctx.scope ?? device) !== undefined) {
        // The same code in another form (spaces, full-width digits) is the same code to a provider that folds it.
        const code = carried.code.normalize("NFKC").replace(/\s/g, "");
        const claim = `c:${await digest(guard, "c", `${ctx.scope ?? device}|${code}`)}`;
        if (!(await stored(store.put(claim, "1", limits.codeReuseMs, true)))) {
          await ctx.release();
          return refuse(call, 400, "invalid_code", "code_reused", "this code was already used; wait for the next one", undefined, hd);
        }
        ctx.claim = claim;
      }
      ctx.checked = mustBind || ctx.counters.length > 0;
      return null;
    } catch (error) {
      if (!(error instanceof StoreDown)) throw error;
      await ctx.release().catch(() => {});
      return UNAVAILABLE(call, hd);
    }
  };

  /** Gives back what `check` took (the call was not a failed code). */
  ctx.release = async () => {
    const counters = ctx.counters.map((c) => c.key).filter((k) => !k.startsWith("p"));
    ctx.counters = [];
    if (counters.length) await stored(store.give(counters));
    if (ctx.claim) await stored(store.del([ctx.claim]));
    ctx.claim = undefined;
  };

  /**
   * Counts the outcome and binds a minted handle to this subject. Resolves `null`, or the
   * refusal that replaces the answer when a minted handle cannot be bound.
   */
  ctx.settle = async (answer, result) => {
    if (hd !== undefined) result.operation.handle = hd;
    if (ctx.checked) result.guard = "passed";
    // A code that went out but whose answer never came in (the browser went away, the proxy gave
    // up waiting, the answer was cut off) may have been checked: it counts as a wrong one, or
    // disconnecting would be a free guess.
    const unanswered = result.code === "aborted" || result.code === "timeout" || (result.code === "network" && result.status > 0);
    // Belvo refuses a wrong up-front token as a login_error, as it does a wrong password: both count.
    const wrongCode = result.outcome === "failed"
      && (result.code === "invalid_code" || unanswered || (upFront && result.code === "invalid_credentials"));
    try {
      if (result.outcome === "verified") {
        ctx.claim = undefined; // an accepted code stays claimed for codeReuseMs
        await ctx.release();
        // A success resets the user's consecutive failures and spends the handle.
        const done = [ctx.userKey, hd && `b:${hd}`].filter(Boolean);
        if (done.length) await stored(store.del(done));
      } else if (!wrongCode) {
        await ctx.release();
      } else if (ctx.claim) {
        // A wrong code is counted, not remembered.
        await stored(store.del([ctx.claim]));
      }
      if (mints && result.outcome === "pending") {
        const minted = call.minted(answer.status, answer.body);
        if (minted) {
          let scope;
          if (operation.provider === "belvo") scope = minted.link !== undefined ? await digest(guard, "l", minted.link) : "";
          else if (operation.provider === "onelogin") scope = await digest(guard, "d", `${operation.userId}|${minted.device}`);
          // A username in another case or width is the same account where the provider folds it
          // (Okta-style logins do): one count per account, not per spelling.
          else scope = ctx.scope ?? (operation.username !== undefined ? await digest(guard, "r", operation.username.normalize("NFKC").toLowerCase()) : "");
          await stored(store.put(`b:${await digest(guard, "h", `${operation.provider}|${minted.handle}`)}`, `${sd} ${scope}`, BIND_MS));
          result.guard = "bound";
        }
      }
      return null;
    } catch (error) {
      if (!(error instanceof StoreDown)) throw error;
      // A handle that cannot be bound is not handed out: the user would only meet a 403 later.
      if (mints && result.outcome === "pending") return UNAVAILABLE(call, hd);
      return null;
    }
  };
  return ctx;
}
