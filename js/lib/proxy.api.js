// mfa-flows/server: the backend a browser login form talks to. It routes only the calls the
// browser clients send (the core's table of operations), asks the app whether THIS browser may
// make each one, adds the provider credentials the page must never hold, and learns each outcome
// itself. The Rust core holds the rules: parsing and outcome reading (src/proxy.rs), and each
// provider's upstream (src/proxy/upstream.rs): its base URL checked by the clients' own rule
// (src/config.rs `check_base_url`: https, http only to loopback hosts), the upstream request
// (method, URL, headers with the provider's credentials) built as the clients build theirs,
// OneLogin's token cache, and the secrets an answer is scrubbed of. This file checks the
// options' shapes and moves bytes between the two HTTP sides.
// The proxy's bindings are internal exports of its own module (the `proxy` cargo feature), which
// its two loaders (server.js, server.embedded.js) instantiate before anything here is called; a
// login page's modules never carry them.
import { __MfaProxyUpstream as ProxyUpstream } from "./server.js";
import { MfaError } from "./mfa_error.js";
import { GUARD_OPTIONS, guardCall, readGuard } from "./guard.js";
import { OPERATIONS } from "./ops.js";
import { TIMED_OUT, fetchTransport, nodeTransport, readLimited } from "./upstream.js";

/** The core's operation names. */
const NAMES = () => OPERATIONS().map((row) => row.name);
const PROVIDERS = ["riffyn", "belvo", "onelogin"];
/** Every option key; anything else (a misspelled provider such as `rifyn`) is refused. */
const OPTION_KEYS = [...PROVIDERS, "basePath", "authorize", "onResult", "onError", "allow", "allowVerifiedEnrollment",
  "fetch", "timeoutMs", "maxBodyBytes", "telemetry", ...GUARD_OPTIONS];
const PROVIDER_KEYS = {
  riffyn: ["baseUrl"],
  belvo: ["baseUrl", "secretId", "secretPassword"],
  onelogin: ["baseUrl", "clientId", "clientSecret", "accessToken"],
};
const PASSED_HEADERS = ["content-type", "retry-after", "x-ratelimit-reset", "x-request-id"];
const ROUTED_MAX = 1024;
/** A request target `new URL` leaves unchanged (each segment starts with a character other than "."). */
const PLAIN_PATH = /^(\/[\w~-][\w.~-]*)+\/?$/;
/** Where `@opentelemetry/api` 1.x keeps its registered globals (any installed copy of it). */
const OTEL_API = Symbol.for("opentelemetry.js.api.1");
/** The API's context key of the active span (`trace.setSpan`). */
const OTEL_SPAN = Symbol.for("OpenTelemetry Context Key SPAN");
const own = (object, key) => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);
const invalid = (message) => new MfaError("invalid_input", `createMfaProxy: ${message}`);
/** Refuses an own key outside `known`, naming it (a key is a name, never a value; an odd one is not echoed). */
function onlyKnown(object, known, where) {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      const name = /^[\w$-]{1,40}$/.test(key) ? key : "an option";
      throw invalid(`${where}${name}: unknown option (expected ${known.join(", ")})`);
    }
  }
}
/** An answer's body or header is JSON: `application/json` or `application/…+json`. */
const isJsonType = (type) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type ?? "");

function text(object, key, where) {
  const value = own(object, key);
  if (typeof value !== "string" || value.trim() === "" || /[\0-\x1f]/.test(value)) {
    throw invalid(`${where}${key}: must be a non-empty single-line string`);
  }
  return value;
}

function readOptions(options) {
  if (typeof options !== "object" || options === null) throw invalid("options: must be an object");
  onlyKnown(options, OPTION_KEYS, "");
  const basePath = own(options, "basePath") ?? "/mfa";
  if (typeof basePath !== "string" || !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw invalid('basePath: must be a path such as "/mfa"');
  }
  const authorize = own(options, "authorize");
  if (typeof authorize !== "function") throw invalid("authorize: must be a function (op, request) => boolean");
  const onResult = own(options, "onResult");
  if (onResult !== undefined && typeof onResult !== "function") throw invalid("onResult: must be a function");
  const onError = own(options, "onError");
  if (onError !== undefined && typeof onError !== "function") throw invalid("onError: must be a function");
  const allowVerifiedEnrollment = own(options, "allowVerifiedEnrollment") ?? false;
  if (typeof allowVerifiedEnrollment !== "boolean") throw invalid("allowVerifiedEnrollment: must be a boolean");
  const custom = own(options, "fetch");
  const given = custom ?? globalThis.fetch;
  if (typeof given !== "function") throw invalid("fetch: must be a function");
  // Called as a plain function: workers and browsers throw "Illegal invocation" for a fetch whose
  // `this` is not the global object (a method call would make it the object holding it).
  const fetchFn = (url, init) => given.call(globalThis, url, init);
  // The host's own fetch frames a body by its Content-Length (a custom one may not). In Node,
  // without a fetch of the app's, node:http carries the calls (upstream.js).
  const send = (custom === undefined ? nodeTransport() : null) ?? fetchTransport(fetchFn, given === globalThis.fetch);
  const number = (key, fallback, min) => {
    const value = own(options, key) ?? fallback;
    if (!Number.isInteger(value) || value < min) throw invalid(`${key}: must be an integer >= ${min}`);
    return value;
  };
  // By default every operation but the rows' admin ones (a temporary token that passes MFA, removing a factor).
  const allowed = own(options, "allow") ?? OPERATIONS().filter((row) => !row.admin).map((row) => row.name);
  if (!Array.isArray(allowed) || !allowed.every((n) => NAMES().includes(n))) {
    throw invalid(`allow: must be an array of operation names (${NAMES().join(", ")})`);
  }
  // A page (or anything with a document) is no place for the keys this proxy holds.
  if (typeof globalThis.document !== "undefined" && (own(options, "belvo") || own(options, "onelogin"))) {
    throw new MfaError("browser_secret", "createMfaProxy: runs on a backend; a browser page must not hold the provider keys");
  }
  const timeoutMs = number("timeoutMs", 30_000, 0);
  const maxBodyBytes = number("maxBodyBytes", 65_536, 0);
  // Read once, as own properties, into frozen objects without a prototype: a later
  // `Object.prototype.belvo = {…}` (or `.baseUrl`) cannot route a call anywhere.
  const upstream = Object.create(null);
  for (const provider of PROVIDERS) {
    const p = own(options, provider);
    if (p === undefined) continue;
    if (typeof p !== "object" || p === null) throw invalid(`${provider}: must be an object`);
    const where = `${provider}.`;
    onlyKnown(p, PROVIDER_KEYS[provider], where);
    const given = Object.assign(Object.create(null), { baseUrl: text(p, "baseUrl", where) });
    if (provider === "belvo") {
      given.secretId = text(p, "secretId", where);
      given.secretPassword = text(p, "secretPassword", where);
    } else if (provider === "onelogin") {
      for (const key of ["accessToken", "clientId", "clientSecret"]) {
        if (own(p, key) !== undefined) given[key] = own(p, key);
      }
      // The core's client fetches, caches and renews the token; redirects are never followed.
      given.fetch = (url, init) => fetchFn(url, { ...init, redirect: "manual" });
      given.timeoutMs = timeoutMs;
    }
    // The core checks the base URL (the clients' rule) and the credentials, and builds every
    // upstream request from them (src/proxy/upstream.rs).
    const core = new ProxyUpstream(provider, given);
    upstream[provider] = Object.freeze({ core, scrubs: core.holdsSecrets(), renews: core.renews() });
  }
  const telemetry = own(options, "telemetry") ?? {};
  if (typeof telemetry !== "object" || telemetry === null) throw invalid("telemetry: must be an object");
  const ids = own(telemetry, "ids") ?? false;
  if (typeof ids !== "boolean") throw invalid("telemetry.ids: must be a boolean");
  const tracer = own(telemetry, "tracer");
  if (tracer !== undefined && typeof tracer?.startSpan !== "function") throw invalid("telemetry.tracer: must be an OpenTelemetry Tracer");
  if (Object.keys(upstream).length === 0) {
    throw invalid(`${PROVIDERS.join(", ")}: at least one provider is required`);
  }
  return Object.freeze({
    basePath,
    authorize,
    onResult,
    telemetry: { ids, tracer },
    onError,
    allowVerifiedEnrollment,
    send,
    allow: new Set(allowed),
    timeoutMs,
    maxBodyBytes,
    upstream: Object.freeze(upstream),
    guard: readGuard(options),
  });
}

/** The proxy's own answers: JSON the browser clients read by status (`mfaProxy` marks them). */
function refusal(status, code, message) {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: code, message, mfaProxy: code }) };
}
const NOT_FOUND = () => refusal(404, "not_found", "no such MFA operation");
const FORBIDDEN = () => refusal(403, "forbidden", "this operation is not allowed for this session");
/** Every answer of the proxy: never cached, never sniffed into another type than it says. */
const ALWAYS = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

/** A thrown value's own words, with its cause's code (Node's `fetch failed` keeps the socket error there). */
function describe(thrown) {
  const more = thrown?.cause?.code ?? thrown?.cause?.message;
  return `${thrown?.name ?? "Error"}: ${thrown?.message ?? String(thrown)}${more ? ` (${more})` : ""}`;
}

/**
 * Calls `onError` with `message` and `cause` scrubbed of every form of the call's secrets (the
 * core's `scrub`); nothing it does (a throw, a rejection, a slow promise) changes the answer.
 */
function report(onError, request, code, message, details, cause, call) {
  if (!onError) return;
  try {
    const error = new MfaError(code, call.scrub(message, true), details);
    if (cause !== undefined) error.cause = new Error(call.scrub(cause, true));
    Promise.resolve(onError(error, request)).catch(() => {});
  } catch {
    // The hook's own failure is the app's; the browser's answer stays as it is.
  }
}

/**
 * A signal that fires on the browser's disconnect (`gone()`) or after `ms` (`timedOut()`). node()
 * hands over the controller `signal` comes from, which nothing else listens to: the timeout then
 * aborts that one (its reason tells the two apart) rather than a second controller linked to it.
 */
function deadline(signal, ms, owned) {
  const controller = owned ?? new AbortController();
  const abort = () => controller.abort();
  if (!owned) {
    signal?.addEventListener("abort", abort, { once: true });
    if (signal?.aborted) abort();
  }
  const timer = ms > 0 ? setTimeout(() => controller.abort(new DOMException("timeout", "TimeoutError")), ms) : null;
  const timedOut = () => controller.signal.reason?.name === "TimeoutError";
  return {
    signal: controller.signal,
    timedOut,
    gone: owned ? () => controller.signal.aborted && !timedOut() : () => signal?.aborted === true,
    done: () => {
      clearTimeout(timer);
      if (!owned) signal?.removeEventListener("abort", abort);
    },
  };
}

/** Sends one parsed call upstream; resolves the browser's answer and the MfaResult. */
async function forward(config, call, provider, body, signal, request, owned) {
  const upstream = config.upstream[provider];
  const clock = deadline(signal, config.timeoutMs, owned);
  /** Text the browser gets, with every form of the proxy's secrets for this call replaced. */
  const scrub = (text) => (upstream.scrubs && text !== "" ? call.scrub(text, false) : text);
  // An upstream failure goes to onError (scrubbed, with its cause); the browser's going away is none.
  const failure = (code, message, details = {}, cause = undefined) =>
    code !== "aborted" && report(config.onError, request, code, message, { provider, ...details }, cause, call);
  const fail = (status, code, message, { upstreamStatus, cause } = {}) => {
    failure(code, message, { status: upstreamStatus }, cause);
    const result = call.noAnswer(code);
    return { answer: refusal(status, code, message), result: upstreamStatus ? { ...result, status: upstreamStatus } : result };
  };
  try {
    for (let attempt = 0; ; attempt++) {
      let token;
      // A row whose upstream auth is OneLogin's bearer (src/ops.rs) needs the token first.
      if (call.auth() === "bearer") {
        try {
          token = await upstream.core.token(clock.signal);
        } catch (error) {
          if (clock.gone()) return fail(499, "aborted", "the browser went away");
          if (clock.timedOut()) return fail(504, "timeout", "OneLogin did not answer in time");
          // OneLogin throttles the token request itself: the browser waits as it would for any 429.
          if (error?.code === "rate_limited") {
            const limited = fail(429, "rate_limited", "OneLogin is rate limiting; try again later", { upstreamStatus: error.status });
            if (error.retryAfterMs > 0) limited.answer.headers["retry-after"] = String(Math.ceil(error.retryAfterMs / 1000));
            return limited;
          }
          const code = ["unauthorized", "invalid_credentials"].includes(error?.code) ? "unauthorized" : "network";
          const cause = `${describe(error)}${error?.cause ? `; ${describe(error.cause)}` : ""}`;
          const message = error?.code === "network" ? "the proxy could not reach OneLogin" : "the proxy could not authenticate to OneLogin";
          return fail(502, code, message, { upstreamStatus: error?.status, cause });
        }
      }
      // Built by the core (headers with the provider's credentials, the token in use a secret of
      // the call's), the same whichever transport carries it (upstream.js). The body goes as it
      // came (the one the core parsed) when the core says the request has one.
      const sent = JSON.parse(call.request(token));
      let response;
      try {
        response = await config.send(sent.url, { method: sent.method, headers: sent.headers, body: sent.sendsBody ? body : undefined, signal: clock.signal });
      } catch (error) {
        if (clock.gone()) return fail(499, "aborted", "the browser went away");
        if (clock.timedOut()) return fail(504, "timeout", "the provider did not answer in time");
        return fail(502, "network", "the provider could not be reached", { cause: describe(error) });
      }
      const upstreamStatus = response.status;
      // A redirect is never followed.
      if (response.redirected || (upstreamStatus >= 300 && upstreamStatus < 400)) {
        response.discard();
        return fail(502, "bad_response", "the provider answered with a redirect", { upstreamStatus });
      }
      // A status no Response can carry (600, 999) is no answer of an API.
      if (upstreamStatus < 200 || upstreamStatus > 599) {
        response.discard();
        return fail(502, "bad_response", "the provider answered with an invalid status", { upstreamStatus });
      }
      let text;
      try {
        text = await response.read();
      } catch (error) {
        if (clock.gone()) return fail(499, "aborted", "the browser went away");
        // A body still trickling in at the deadline is a timeout, not a network failure.
        if (clock.timedOut()) return fail(504, "timeout", "the provider did not answer in time", { upstreamStatus });
        return fail(502, "network", "the provider's answer was cut off", { upstreamStatus, cause: describe(error) });
      }
      if (text === null) return fail(502, "bad_response", "the provider's answer is too large", { upstreamStatus });
      if (upstream.renews && attempt === 0 && call.refusesToken(upstreamStatus, text)) {
        upstream.core.renew(token);
        continue;
      }
      const type = response.header("content-type");
      if (text.trim() !== "" && !isJsonType(type)) {
        // Not served from the app's origin (HTML, SVG…). Belvo's HTML 403 is its rate limiter:
        // the clients read it as rate_limited, so that answer keeps its meaning as a 429.
        const read = call.outcome(upstreamStatus, text);
        if (read.code === "rate_limited") {
          const answer = refusal(429, "rate_limited", "the provider is rate limiting; try again later");
          const wait = response.header("retry-after");
          if (wait !== null) answer.headers["retry-after"] = scrub(wait);
          return { answer, result: read };
        }
        return fail(502, "bad_response", "the provider's answer is not JSON", { upstreamStatus });
      }
      // The upstream may echo what it was sent: no form of the proxy's keys or token goes back.
      text = scrub(text);
      const out = { "content-type": isJsonType(type) ? scrub(type) : "application/json" };
      for (const name of PASSED_HEADERS) {
        if (name === "content-type") continue;
        const value = response.header(name);
        if (value !== null) out[name] = scrub(value);
      }
      const result = call.outcome(upstreamStatus, text);
      if (upstreamStatus >= 500) {
        failure(result.code ?? "server_error", `the provider failed to answer (HTTP ${upstreamStatus})`, { status: upstreamStatus });
      }
      return { answer: { status: upstreamStatus, headers: out, body: text }, result };
    }
  } finally {
    clock.done();
  }
}

/**
 * A Node request target read as `new Request` reads a URL (dot segments, `%2e%2e` included,
 * resolved), so that node() routes exactly the path handle() would; "" when it is no path.
 */
function sameUrl(target) {
  if (typeof target !== "string" || !target.startsWith("/")) return "";
  // Segments of plain characters, none "." or "..", no "%", "\\" or query: the URL reads them as they are.
  if (PLAIN_PATH.test(target)) return target;
  try {
    const url = new URL(`http://localhost${target}`);
    return `${url.pathname}${url.search}`;
  } catch {
    return "";
  }
}

/**
 * Runs `send` (one operation's upstream exchange) in a span `mfa.<operation>` when OpenTelemetry
 * is there: the `telemetry.tracer` given, or the tracer provider registered with any installed
 * `@opentelemetry/api` 1.x (read from its global, so nothing is imported and a bundle without the
 * package works unchanged). The upstream fetch runs with the span active, so the host's HTTP or
 * fetch instrumentation nests under it. Attributes are names, statuses and codes only; OneLogin's
 * user and device ids only with `telemetry.ids`.
 */
async function traced(telemetry, operation, send) {
  const api = globalThis[OTEL_API];
  let tracer;
  try {
    tracer = telemetry.tracer ?? api?.trace?.getTracer?.("mfa-flows");
  } catch {
    // A broken provider is no reason to fail the call.
  }
  if (typeof tracer?.startSpan !== "function") return send();
  const attributes = { "mfa.provider": operation.provider, "mfa.operation": operation.name };
  if (telemetry.ids) {
    if (operation.userId !== undefined) attributes["mfa.user_id"] = operation.userId;
    if (operation.deviceId !== undefined) attributes["mfa.device_id"] = operation.deviceId;
  }
  let span, parent;
  try {
    parent = api?.context?.active?.();
    span = tracer.startSpan(`mfa.${operation.name}`, { attributes }, parent);
  } catch {
    return send();
  }
  let outcome;
  try {
    outcome = await (typeof parent?.setValue === "function"
      ? api.context.with(parent.setValue(OTEL_SPAN, span), send)
      : send());
    return outcome;
  } finally {
    try {
      const { answer, result } = outcome ?? {};
      if (answer) span.setAttribute("http.response.status_code", answer.status);
      span.setAttribute("mfa.outcome", result?.outcome ?? "failed");
      if (typeof result?.guard === "string") span.setAttribute("mfa.guard", result.guard);
      const code = result ? result.code : "internal_error";
      if (code !== undefined) {
        span.setAttribute("error.type", code);
        span.setStatus({ code: 2, message: code }); // SpanStatusCode.ERROR
      }
      span.end();
    } catch {
      // Telemetry never changes the answer.
    }
  }
}

/**
 * Creates the proxy. See js/entries/server.d.ts for the options; throws an `MfaError` (`invalid_input`,
 * `insecure_url`) naming the bad option, never its value.
 */
export function createMfaProxy(options) {
  const config = readOptions(options);
  /** Method and path pairs the core routed (see `run`), at most ROUTED_MAX. */
  const routed = new Set();

  /** The whole exchange; `null` when the path is not under `basePath` (Express's `next()`). */
  async function run({ method, url, header, readBody, request, signal, owned }) {
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    if (pathname !== config.basePath && !pathname.startsWith(`${config.basePath}/`)) return null;
    const sub = pathname.slice(config.basePath.length);
    const provider = PROVIDERS.find((p) => sub.startsWith(`/${p}/`));
    const authorization = header("authorization") ?? undefined;
    const contentType = header("content-type") ?? undefined;
    // No client sends a query; an unconfigured provider is not routed.
    if (q >= 0 || !provider || !config.upstream[provider]) return NOT_FOUND();
    // The core's one reading of a call: route (404), media type (415: even an empty POST of an
    // operation with a body must be JSON), body and the types of its fields (400).
    const parse = (body) => {
      try {
        return config.upstream[provider].core.parse(method, sub, body, authorization, contentType);
      } catch (refused) {
        return refused;
      }
    };
    // An unknown route is a 404 before any body is read. The core's 404 depends on the method and
    // path only (src/proxy.rs `parse`), so a pair it routed once is not probed again.
    const route = `${method} ${sub}`;
    if (!routed.has(route)) {
      const probe = parse("");
      if (probe === "not_found") return NOT_FOUND();
      // Each parsed call is freed when done: the module's memory does not wait for the GC.
      if (typeof probe !== "string") probe.free();
      if (routed.size >= ROUTED_MAX) routed.clear();
      routed.add(route);
    }
    // The body is read under timeoutMs too: one that never ends is cut off with a 408.
    const body = await readBody(config.maxBodyBytes, config.timeoutMs);
    if (body === TIMED_OUT) return { ...refusal(408, "request_timeout", "the request body did not arrive in time"), close: true };
    if (body === null) return refusal(413, "payload_too_large", `the body is larger than ${config.maxBodyBytes} bytes`);
    const call = parse(body);
    if (call === "unsupported_media_type") return refusal(415, "unsupported_media_type", "the body must be application/json");
    if (typeof call === "string") return call === "not_found" ? NOT_FOUND() : refusal(400, "bad_request", "the body is not what this operation sends");
    try {
      const operation = call.operation();
      if (!config.allow.has(operation.name)) return FORBIDDEN();
      // Enrolling a factor as verified skips its proof: refused unless the app opted in.
      if (operation.verified === true && !config.allowVerifiedEnrollment) return FORBIDDEN();
      // The guard (guard.js) digests the handle into `operation.handle` before `authorize` sees it.
      const guard = await guardCall(config.guard, call, operation, body, request);
      if (guard.subjectMissing) return FORBIDDEN();
      // Fail closed: only a real `true` lets the call through.
      if ((await config.authorize(operation, request)) !== true) return FORBIDDEN();
      // One span per operation the guard weighed (telemetry), its refusals included.
      const { answer, result } = await traced(config.telemetry, operation, async () => {
        const refused = await guard.check();
        if (refused) return refused;
        const sent = await forward(config, call, provider, body, signal, request, owned);
        return (await guard.settle(sent.answer, sent.result)) ?? sent;
      });
      if (config.onResult) await config.onResult(result, request);
      return answer;
    } finally {
      call.free();
    }
  }

  const internalError = () => refusal(500, "internal_error", "the proxy failed");

  return {
    /** Fetch-API servers: Deno.serve, Bun.serve, Hono, Next.js route handlers, workers. */
    async handle(request) {
      let answer;
      try {
        const url = new URL(request.url);
        answer = await run({
          method: request.method,
          url: `${url.pathname}${url.search}`,
          header: (name) => request.headers.get(name),
          readBody: (limit, ms) => {
            const reading = new AbortController();
            const timer = ms > 0 ? setTimeout(() => reading.abort(), ms) : null;
            return readLimited(request, limit, { keepBom: true, signal: reading.signal }).finally(() => clearTimeout(timer));
          },
          request,
          signal: request.signal,
        });
        answer ??= NOT_FOUND();
      } catch {
        answer = internalError();
      }
      const empty = [101, 204, 205, 304].includes(answer.status);
      return new Response(empty ? null : answer.body, {
        status: answer.status,
        headers: { ...answer.headers, ...ALWAYS },
      });
    },

    /** node:http, Express, Connect: `app.use(proxy.node)`; other paths go to `next`. */
    node(req, res, next) {
      const controller = new AbortController();
      // The browser went away before the answer was written: stop the upstream call.
      res.on("close", () => {
        if (!res.writableEnded) controller.abort();
      });
      const readBody = (limit, ms) => {
        // A body parser (express.json()) ran first and read the stream to its end: forward what it
        // parsed, re-serialized. (Read from the stream's own state, no parser's private field.)
        if (req.readableEnded) {
          const parsed = req.body;
          const text = parsed === undefined ? ""
            : typeof parsed === "string" ? parsed
            : Buffer.isBuffer(parsed) ? parsed.toString("utf8")
            : JSON.stringify(parsed) ?? "";
          return Promise.resolve(Buffer.byteLength(text) > limit ? null : text);
        }
        return new Promise((resolve, reject) => {
          const chunks = [];
          let size = 0;
          let done = false;
          // A plain timer, not an AbortSignal: nothing else listens to this one.
          const timer = ms > 0 ? setTimeout(() => {
            if (done) return;
            done = true;
            resolve(TIMED_OUT);
          }, ms) : null;
          req.on("data", (chunk) => {
            if (done) return;
            size += chunk.length;
            if (size > limit) {
              done = true;
              clearTimeout(timer);
              req.resume();
              resolve(null);
            } else {
              chunks.push(chunk);
            }
          });
          req.on("end", () => {
            clearTimeout(timer);
            if (!done) resolve(Buffer.concat(chunks).toString("utf8"));
          });
          req.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
          });
        });
      };
      run({
        method: req.method,
        url: sameUrl(req.originalUrl ?? req.url),
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(", ") : value;
        },
        readBody,
        request: req,
        signal: controller.signal,
        owned: controller,
      })
        .catch(() => internalError())
        .then((answer) => {
          if (answer === null) {
            if (typeof next === "function") return next();
            answer = NOT_FOUND();
          }
          if (res.destroyed || res.writableEnded) return;
          const headers = { ...answer.headers, ...ALWAYS };
          // A body still arriving (408): end the connection rather than read the rest.
          if (answer.close) headers.connection = "close";
          const empty = [101, 204, 205, 304].includes(answer.status);
          if (!empty) headers["content-length"] = Buffer.byteLength(answer.body);
          res.writeHead(answer.status, headers);
          res.end(empty ? undefined : answer.body);
        });
    },
  };
}
