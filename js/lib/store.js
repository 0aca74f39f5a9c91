// The guard's stores (see guard.js): counters with an expiry and small values, all under keys
// that are already keyed digests. `memoryStore` is one process; `redisStore` is shared by every
// instance that uses the same Redis and the same `key`.
import { MfaError } from "./mfa_error.js";

const own = (object, key) => (object != null && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);
const invalid = (where, message) => new MfaError("invalid_input", `${where}: ${message}`);

function checkOptions(options, where, known) {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) throw invalid(where, "options: must be an object");
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw invalid(where, `${key}: is not an option (${known.join(", ")})`);
  }
  return options;
}

function positive(options, key, fallback, where) {
  const value = own(options, key) ?? fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(where, `${key}: must be a positive integer`);
  return value;
}

/** The digest secret: a string of at least 16 characters, or random bytes when none is given. */
function secret(value, where) {
  if (value === undefined) return crypto.getRandomValues(new Uint8Array(32));
  if (typeof value !== "string" || value.length < 16) throw invalid(where, "key: must be a string of at least 16 characters");
  return value;
}

/**
 * One process's store, bounded to `maxEntries` (default 100000) of each kind, each entry dropped once
 * expired. The counters (the limits) are never evicted while live: a flood of new keys cannot reset
 * a victim's count. When they are all live and there is no room, `take` throws, and the proxy fails
 * closed (503) until the earliest one expires. Values (bindings, used codes) are evicted oldest first:
 * an evicted binding refuses its handle (403). Its digest key is random, so nothing it holds means
 * anything outside this process.
 */
export function memoryStore(options) {
  const where = "memoryStore";
  const given = checkOptions(options, where, ["maxEntries"]);
  const maxEntries = positive(given, "maxEntries", 100_000, where);
  const counts = new Map(); // key -> { count, expires }
  const values = new Map(); // key -> { value, expires }, in insertion order: the first is the oldest
  // While counts is full of live entries, none expires before this: no scan until then.
  let fullUntil = 0;
  const live = (map, key, now) => {
    const entry = map.get(key);
    if (entry && entry.expires <= now) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  /** Room for `n` new counters: expired ones are dropped first, live ones never. */
  const room = (n, now) => {
    if (counts.size + n <= maxEntries) return true;
    if (now < fullUntil) return false;
    let next = Infinity;
    for (const [key, entry] of counts) {
      if (entry.expires <= now) counts.delete(key);
      else if (entry.expires < next) next = entry.expires;
    }
    if (counts.size + n <= maxEntries) return true;
    fullUntil = next;
    return false;
  };
  let key;
  return {
    // Drawn at first use: workerd refuses random values at a module's top level, where a Worker
    // calls createMfaProxy (and so this store).
    get key() {
      return (key ??= secret(undefined, where));
    },
    async take(counters) {
      const now = Date.now();
      let wait = 0;
      for (const { key, limit } of counters) {
        const entry = live(counts, key, now);
        if (entry && entry.count >= limit) wait = Math.max(wait, entry.expires - now, 1);
      }
      if (wait > 0) return wait;
      const fresh = counters.filter(({ key }) => !counts.has(key));
      if (!room(fresh.length, now)) throw new Error("memoryStore: every counter is live and maxEntries is reached");
      for (const { key, ttlMs } of counters) {
        const entry = counts.get(key);
        if (entry) entry.count += 1;
        else counts.set(key, { count: 1, expires: now + ttlMs });
      }
      return 0;
    },
    async give(keys) {
      const now = Date.now();
      for (const key of keys) {
        const entry = live(counts, key, now);
        if (entry && entry.count > 0) entry.count -= 1;
      }
    },
    async put(key, value, ttlMs, onlyIfAbsent = false) {
      const now = Date.now();
      if (onlyIfAbsent && live(values, key, now)) return false;
      values.delete(key);
      values.set(key, { value, expires: now + ttlMs });
      while (values.size > maxEntries) values.delete(values.keys().next().value);
      return true;
    },
    async get(key) {
      return live(values, key, Date.now())?.value ?? null;
    },
    async del(keys) {
      for (const key of keys) {
        counts.delete(key);
        values.delete(key);
      }
    },
    /** How many entries it holds, counters and values (expired ones included until touched). */
    get size() {
      return counts.size + values.size;
    },
  };
}

// Each count and its expiry change in one script: two instances never both pass a limit.
const TAKE = `local wait = 0
for i, k in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', k) or '0')
  if n >= tonumber(ARGV[2 * i - 1]) then
    local t = redis.call('PTTL', k)
    if t < 1 then t = 1 end
    if t > wait then wait = t end
  end
end
if wait > 0 then return wait end
for i, k in ipairs(KEYS) do
  if redis.call('INCR', k) == 1 or redis.call('PTTL', k) < 0 then redis.call('PEXPIRE', k, ARGV[2 * i]) end
end
return 0`;
const GIVE = `for _, k in ipairs(KEYS) do
  if tonumber(redis.call('GET', k) or '0') > 0 then redis.call('DECR', k) end
end
return 0`;

/**
 * A store in Redis, shared by every instance given a client of the same Redis and the same `key`.
 * `client`: a connected node-redis (v4+) or ioredis client. Options: `prefix` (default "mfa:"),
 * `key` (the digest secret, at least 16 characters; random per process when absent, so bindings
 * made by one instance are refused by the others), `timeoutMs` (default 1000: a command that takes
 * longer fails, and the proxy answers 503).
 */
export function redisStore(client, options) {
  const where = "redisStore";
  let send;
  if (client && typeof client.call === "function" && typeof client.evalsha === "function") {
    send = (args) => client.call(...args); // ioredis
  } else if (client && typeof client.sendCommand === "function") {
    send = (args) => client.sendCommand(args.map(String)); // node-redis v4, v5
  } else {
    throw invalid(where, "client: must be a node-redis (v4+) or ioredis client");
  }
  const given = checkOptions(options, where, ["prefix", "key", "timeoutMs"]);
  const prefix = own(given, "prefix") ?? "mfa:";
  if (typeof prefix !== "string" || /[\0-\x20]/.test(prefix)) throw invalid(where, "prefix: must be a string without spaces");
  const timeoutMs = positive(given, "timeoutMs", 1000, where);
  const key = secret(own(given, "key"), where);

  const command = (args) => {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new MfaError("server_error", "redisStore: Redis did not answer in time")), timeoutMs);
    });
    return Promise.race([Promise.resolve().then(() => send(args)), timeout]).finally(() => clearTimeout(timer));
  };
  const shas = new Map();
  /** EVALSHA, loading the script once (again after a NOSCRIPT, e.g. a restarted Redis). */
  const script = async (source, keys, args) => {
    for (let attempt = 0; ; attempt++) {
      let sha = shas.get(source);
      if (!sha) {
        sha = String(await command(["SCRIPT", "LOAD", source]));
        shas.set(source, sha);
      }
      try {
        return await command(["EVALSHA", sha, keys.length, ...keys.map((k) => prefix + k), ...args]);
      } catch (error) {
        if (attempt > 0 || !/NOSCRIPT/.test(String(error?.message))) throw error;
        shas.delete(source);
      }
    }
  };
  return {
    key,
    async take(counters) {
      const args = counters.flatMap(({ limit, ttlMs }) => [limit, ttlMs]);
      return Number(await script(TAKE, counters.map((c) => c.key), args));
    },
    async give(keys) {
      if (keys.length) await script(GIVE, keys, []);
    },
    async put(k, value, ttlMs, onlyIfAbsent = false) {
      const args = ["SET", prefix + k, value, "PX", ttlMs];
      if (onlyIfAbsent) args.push("NX");
      return (await command(args)) !== null;
    },
    async get(k) {
      const value = await command(["GET", prefix + k]);
      return value === null || value === undefined ? null : String(value);
    },
    async del(keys) {
      if (keys.length) await command(["DEL", ...keys.map((k) => prefix + k)]);
    },
  };
}
