// Types of `mfa-flows/server` (js/lib/proxy.api.js): the proxy's options and handlers, written by
// hand (the entry is JS over the core's bindings, which stay out of the package's public types);
// the operations and results come from the Rust types of the proxy's module (src/proxy.rs,
// src/ops.rs: tsify), never repeated here.
import type { MfaError } from "mfa-flows";
import type { MfaOperation, MfaOperationName, MfaResult } from "./lib/server.js";

export type { MfaFactorKind, MfaGuardDecision, MfaOperation, MfaOperationName, MfaOutcome, MfaResult } from "./lib/server.js";

/**
 * Node's `IncomingMessage` as far as the proxy reads it: structural, so no `@types/node` is
 * needed (Express's and Connect's requests fit).
 */
export interface MfaNodeRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** Node's `ServerResponse` as far as the proxy writes it (structural). */
export interface MfaNodeResponse {
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  end(body?: string): unknown;
  on(event: "close", listener: () => void): unknown;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
}

/** The guard's limits (`createMfaProxy({ limits })`): each a positive integer; own properties only. */
export interface MfaLimits {
  /** Failed codes per handle (Riffyn stateToken, Belvo session, OneLogin trigger or device); then it is spent. Default 5. */
  codesPerHandle?: number;
  /** Failed codes per subject within `failureWindowMs`. Default 10. */
  failuresPerSubject?: number;
  /** The window of `failuresPerSubject` and of `codesPerHandle`, in ms. Default 900000 (15 min). */
  failureWindowMs?: number;
  /** Consecutive failed codes per account (OneLogin user, Riffyn username, Belvo link) until a success (NIST SP 800-63B 5.2.2). Default 100. */
  consecutiveFailuresPerUser?: number;
  /** One OneLogin `activateFactor` per device per this many ms. Default 30000. */
  pushIntervalMs?: number;
  /** OneLogin `activateFactor`s per device within `pushWindowMs`. Default 5. */
  pushesPerWindow?: number;
  /** Default 600000 (10 min). */
  pushWindowMs?: number;
  /** A code the provider accepted (for a user and device, or a handle) is refused again within this many ms. Default 120000. */
  codeReuseMs?: number;
}

/** One counter of `MfaStore.take`. */
export interface MfaCounter {
  key: string;
  /** `take` refuses when the count is already at (or past) this. */
  limit: number;
  /** The counter's lifetime, set when it is created. */
  ttlMs: number;
}

/**
 * Where the guard keeps its counts and bindings. Every key and value it is given is already a
 * keyed digest (or a count), never a handle, code or subject. Implement it for another database
 * with these five methods; each rejects (or throws) when the database fails, and the proxy then
 * answers 503 and forwards nothing.
 */
export interface MfaStore {
  /** The secret of the keyed digests (HMAC-SHA-256). Every instance sharing the store needs the same. */
  readonly key: string | Uint8Array;
  /**
   * Atomically: when every counter is below its limit, adds 1 to each (a new one starts at 1 and
   * expires after its `ttlMs`) and resolves 0; otherwise changes nothing and resolves the ms until
   * the longest-lived counter at its limit expires.
   */
  take(counters: readonly MfaCounter[]): Promise<number>;
  /** Subtracts 1 from each counter still above 0 (gives back a `take`), keeping its expiry. */
  give(keys: readonly string[]): Promise<void>;
  /** Sets `key` to `value` for `ttlMs`; with `onlyIfAbsent`, only when no live value is there (resolves whether it set). */
  put(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean>;
  /** The live value of `key`, or `null`. */
  get(key: string): Promise<string | null>;
  /** Removes the keys (values and counters). */
  del(keys: readonly string[]): Promise<void>;
}

/**
 * The default store: one process only (instances behind a load balancer each keep their own
 * counts: use `redisStore`). Bounded to `maxEntries` (default 100000) counters and as many values.
 * A live counter is never evicted (a flood of new keys resets no one's count): when every counter is
 * live and there is no room, the proxy answers 503 until one expires. Values (bindings, used codes)
 * are evicted oldest first (an evicted binding refuses its handle). Its digest key is random per store.
 */
export function memoryStore(options?: { maxEntries?: number }): MfaStore;

/**
 * A store in Redis, shared by every instance with a client of the same Redis and the same `key`.
 * `client`: a connected node-redis (v4+) or ioredis client. Each count and its expiry change in
 * one Lua script. `prefix` (default `"mfa:"`) starts every key; `key` (at least 16 characters) is
 * the digest secret, required for several instances (without it each process draws its own, and
 * a handle bound by one instance is refused by the others); `timeoutMs` (default 1000) is how long
 * a command may take before the proxy answers 503.
 */
export function redisStore(client: unknown, options?: { prefix?: string; key?: string; timeoutMs?: number }): MfaStore;

/**
 * What `authorize` and `onResult` get as the browser's request: the Fetch `Request` from
 * `handle`, Node's request from `node` (with whatever your middleware set on it, such as
 * Express's `req.session`: name your request type as `createMfaProxy`'s type argument). Its
 * body has already been read.
 */
export type MfaProxyRequest = Request | MfaNodeRequest;

/** OneLogin upstream: a ready access token, or API credentials the proxy exchanges for one. */
export type MfaProxyOneLogin = { baseUrl: string } & (
  | { clientId: string; clientSecret: string; accessToken?: never }
  | { accessToken: string; clientId?: never; clientSecret?: never }
);

/** The proxy's spans (see `MfaProxyOptions.telemetry`). */
export interface MfaProxyTelemetry {
  /** Adds OneLogin's `mfa.user_id` and `mfa.device_id` to the spans. Default false: no ids. */
  ids?: boolean;
  /** The tracer to use; default the registered provider's tracer `"mfa-flows"`. */
  tracer?: MfaTracer;
}

/** An OpenTelemetry `Tracer` as far as the proxy uses it (structural: no import of `@opentelemetry/api`). */
export interface MfaTracer {
  startSpan(name: string, options?: { attributes?: Record<string, string | number> }, context?: unknown): {
    setAttribute(key: string, value: string | number): unknown;
    setStatus(status: { code: number; message?: string }): unknown;
    end(): void;
  };
}

/**
 * Options of `createMfaProxy`. Read once as own properties (a later `Object.prototype` change has
 * no effect); a bad or unknown one, or no provider at all, throws `MfaError` `invalid_input`
 * naming the key.
 */
export interface MfaProxyOptions<R = MfaProxyRequest> {
  /** Where the page's clients point: baseUrl `"/mfa/riffyn"`, `"/mfa/belvo"`, `"/mfa/onelogin"`. Default `"/mfa"`. */
  basePath?: string;
  /** Riffyn: a pass-through (the user's own credentials; no secret is added). */
  riffyn?: { baseUrl: string };
  /** Belvo: the secret keys, sent as HTTP Basic. */
  belvo?: { baseUrl: string; secretId: string; secretPassword: string };
  /** OneLogin: the bearer token is fetched, cached and renewed by the proxy, never shown. */
  onelogin?: MfaProxyOneLogin;
  /**
   * Required. May THIS browser make `op`? Check the app's own session: the OneLogin `userId` is
   * the signed-in user's, the Belvo `link` is one this session created. Only `true` lets the
   * call through; anything else (or a throw) answers 403 / 500 and nothing is sent.
   */
  authorize: (op: MfaOperation, request: R) => boolean | Promise<boolean>;
  /**
   * How the backend learns outcomes: called after each forwarded call, before the browser gets
   * the answer. Trust this, never the page's word. A throw answers 500 to the browser.
   */
  onResult?: (result: MfaResult, request: R) => void | Promise<void>;
  /**
   * Called for every upstream failure (`network`, `timeout`, `server_error`, `bad_response`, a
   * refused OAuth2 client as `unauthorized`), with `provider`, the provider's `status` when one
   * came and, for a network failure or a refused client, a `cause`; scrubbed of every secret
   * like every answer. Not awaited: a throw, a rejection or a slow promise changes nothing.
   */
  onError?: (error: MfaError, request: R) => void;
  /** The operations routed; default every one but `onelogin.removeFactor` and `onelogin.generateMfaToken`. */
  allow?: MfaOperationName[];
  /**
   * Whether an `enrollFactor` with `verified: true` (a factor enrolled without proof) may pass to
   * `authorize` (which then sees `operation.verified === true`); default `false`: it answers 403.
   */
  allowVerifiedEnrollment?: boolean;
  /**
   * The `fetch` used upstream. Default: in Node, `node:http(s)` with a keep-alive agent (Node's
   * `fetch` costs several times its CPU per call); elsewhere `globalThis.fetch`. Redirects are
   * never followed.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Per upstream call, and for reading the request body, in ms; default 30000; 0 = none. An
   * upstream timeout (also a body still trickling in) answers 504; a request body that has not
   * arrived answers 408.
   */
  timeoutMs?: number;
  /** The largest request body forwarded; default 65536 bytes. A larger one answers 413. */
  maxBodyBytes?: number;
  /**
   * Required. Who is asking: the app's session id, which exists before sign-in (express-session,
   * a signed cookie). Each handle an answer mints is bound to it, and failures are counted per
   * subject. Anything but a non-empty string answers 403. `() => "anonymous"` makes every browser
   * one subject: handles are no longer bound to a session, and one attacker's failures lock
   * everyone out.
   */
  subject: (request: R) => string | Promise<string>;
  /** The guard's limits; see `MfaLimits` for the defaults. */
  limits?: MfaLimits;
  /** Where counts and bindings live; default `memoryStore()` (one process). */
  store?: MfaStore;
  /**
   * OpenTelemetry. With `@opentelemetry/api` 1.x installed and a tracer provider registered (or a
   * `tracer` given), each forwarded operation is a span `mfa.<operation name>` (attributes
   * `mfa.provider`, `mfa.operation`, `http.response.status_code`, `mfa.outcome`, `mfa.guard`,
   * `error.type`), the upstream call its child. Nothing else is ever recorded (no code, token,
   * password, state token, session or link).
   */
  telemetry?: MfaProxyTelemetry;
}

/** The proxy: one handler per kind of server. */
export interface MfaProxy {
  /**
   * Fetch-API servers (Deno.serve, Bun.serve, Hono, Next.js route handlers, workers). A path
   * outside `basePath` answers 404. Aborting `request.signal` (the browser went away) aborts
   * the upstream call.
   */
  handle(request: Request): Promise<Response>;
  /**
   * node:http, Express, Connect. A path outside `basePath` goes to `next` (404 without it); the
   * browser closing the connection aborts the upstream call. Mount it before body parsers (a
   * body already parsed by `express.json()` is re-serialized).
   */
  node(req: MfaNodeRequest, res: MfaNodeResponse, next?: (err?: unknown) => void): void;
}

/**
 * The backend a browser login form talks to: routes only the browser clients' calls under
 * `basePath`, asks `authorize`, adds the provider credentials, forwards only the JSON body and
 * tells `onResult` what came of it. Answers 404 for any other path or method, 403 for an
 * operation outside `allow` or refused by `authorize`, 413 for a body over `maxBodyBytes`; the
 * browser clients read 404 and 403 as `not_found` and `forbidden`.
 */
export function createMfaProxy<R = MfaProxyRequest>(options: MfaProxyOptions<R>): MfaProxy;
