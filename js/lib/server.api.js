// mfa-flows/server: the backend a browser login form talks to. It routes only the calls the
// browser clients send (the core's table of operations), asks the app whether THIS browser may
// make each one, adds the provider credentials the page must never hold, and learns each outcome
// itself. Parsing, outcome reading and OneLogin's token cache live in the Rust core; this file
// only moves bytes between the two HTTP sides.
// The proxy's bindings are internal exports of its own module (the `server` cargo feature), which
// its two loaders (server.js, server.embedded.js) instantiate before anything here is called; a
// login page's modules never carry them.
import { __MfaProxyCall as ProxyCall, __MfaProxyToken as ProxyToken, __mfaOperationNames } from "./server.js";
import { MfaError } from "./mfa_error.js";

let names;
/** The core's operation names, read on first use (the module is instantiated after this file is evaluated). */
const NAMES = () => (names ??= __mfaOperationNames());
/** Admin operations: a temporary token that passes MFA, and removing a factor. */
const ADMIN = ["onelogin.removeFactor", "onelogin.generateMfaToken"];
const PROVIDERS = ["riffyn", "belvo", "onelogin"];
const PASSED_HEADERS = ["content-type", "retry-after", "x-ratelimit-reset", "x-request-id"];
const MAX_UPSTREAM_BYTES = 1024 * 1024;
/** Where `@opentelemetry/api` 1.x keeps its registered globals (any installed copy of it). */
const OTEL_API = Symbol.for("opentelemetry.js.api.1");
/** The API's context key of the active span (`trace.setSpan`). */
const OTEL_SPAN = Symbol.for("OpenTelemetry Context Key SPAN");
const own = (object, key) => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);
const invalid = (message) => new MfaError("invalid_input", `createMfaProxy: ${message}`);

function text(object, key, where) {
  const value = own(object, key);
  if (typeof value !== "string" || value.trim() === "" || /[\0-\x1f]/.test(value)) {
    throw invalid(`${where}${key}: must be a non-empty single-line string`);
  }
  return value;
}

/** An absolute http(s) base URL without a trailing slash; http only to loopback hosts. */
function baseUrl(object, where) {
  const raw = text(object, "baseUrl", where);
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`${where}baseUrl: must be an absolute http(s) URL`);
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new MfaError("insecure_url", `createMfaProxy: ${where}baseUrl: must be https (http only for loopback hosts)`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw invalid(`${where}baseUrl: must not hold credentials, a query or a fragment`);
  }
  return url.href.replace(/\/+$/, "");
}

function base64(value) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(value)));
}

function readOptions(options) {
  if (typeof options !== "object" || options === null) throw invalid("options: must be an object");
  const basePath = own(options, "basePath") ?? "/mfa";
  if (typeof basePath !== "string" || !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw invalid('basePath: must be a path such as "/mfa"');
  }
  const authorize = own(options, "authorize");
  if (typeof authorize !== "function") throw invalid("authorize: must be a function (op, request) => boolean");
  const onResult = own(options, "onResult");
  if (onResult !== undefined && typeof onResult !== "function") throw invalid("onResult: must be a function");
  const given = own(options, "fetch") ?? globalThis.fetch;
  if (typeof given !== "function") throw invalid("fetch: must be a function");
  // Called as a plain function: workers and browsers throw "Illegal invocation" for a fetch whose
  // `this` is not the global object (`config.fetch(…)` would make it `config`).
  const fetchFn = (url, init) => given.call(globalThis, url, init);
  const number = (key, fallback, min) => {
    const value = own(options, key) ?? fallback;
    if (!Number.isInteger(value) || value < min) throw invalid(`${key}: must be an integer >= ${min}`);
    return value;
  };
  const allowed = own(options, "allow") ?? NAMES().filter((n) => !ADMIN.includes(n));
  if (!Array.isArray(allowed) || !allowed.every((n) => NAMES().includes(n))) {
    throw invalid(`allow: must be an array of operation names (${NAMES().join(", ")})`);
  }
  // A page (or anything with a document) is no place for the keys this proxy holds.
  if (typeof globalThis.document !== "undefined" && (own(options, "belvo") || own(options, "onelogin"))) {
    throw new MfaError("browser_secret", "createMfaProxy: runs on a backend; a browser page must not hold the provider keys");
  }
  const upstream = {};
  for (const provider of PROVIDERS) {
    const p = own(options, provider);
    if (p === undefined) continue;
    if (typeof p !== "object" || p === null) throw invalid(`${provider}: must be an object`);
    const where = `${provider}.`;
    const entry = { baseUrl: baseUrl(p, where) };
    if (provider === "belvo") {
      entry.authorization = `Basic ${base64(`${text(p, "secretId", where)}:${text(p, "secretPassword", where)}`)}`;
    } else if (provider === "onelogin") {
      // The core's client fetches, caches and renews the token; redirects are never followed.
      entry.token = new ProxyToken({
        baseUrl: entry.baseUrl,
        ...Object.fromEntries(["accessToken", "clientId", "clientSecret"]
          .filter((key) => own(p, key) !== undefined).map((key) => [key, own(p, key)])),
        fetch: (url, init) => fetchFn(url, { ...init, redirect: "manual" }),
        timeoutMs: number("timeoutMs", 30_000, 0),
      });
      entry.renews = own(p, "clientId") !== undefined;
    }
    upstream[provider] = entry;
  }
  const telemetry = own(options, "telemetry") ?? {};
  if (typeof telemetry !== "object" || telemetry === null) throw invalid("telemetry: must be an object");
  const ids = own(telemetry, "ids") ?? false;
  if (typeof ids !== "boolean") throw invalid("telemetry.ids: must be a boolean");
  const tracer = own(telemetry, "tracer");
  if (tracer !== undefined && typeof tracer?.startSpan !== "function") throw invalid("telemetry.tracer: must be an OpenTelemetry Tracer");
  return {
    basePath,
    authorize,
    onResult,
    telemetry: { ids, tracer },
    fetch: fetchFn,
    allow: new Set(allowed),
    timeoutMs: number("timeoutMs", 30_000, 0),
    maxBodyBytes: number("maxBodyBytes", 65_536, 0),
    upstream,
  };
}

/** The proxy's own answers: JSON the browser clients read by status (`mfaProxy` marks them). */
function refusal(status, code, message) {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: code, message, mfaProxy: code }) };
}
const NOT_FOUND = () => refusal(404, "not_found", "no such MFA operation");
const FORBIDDEN = () => refusal(403, "forbidden", "this operation is not allowed for this session");

/** A signal that fires on the browser's disconnect or after `ms`. */
function deadline(signal, ms) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener("abort", abort, { once: true });
  if (signal?.aborted) abort();
  const timer = ms > 0 ? setTimeout(() => controller.abort(new DOMException("timeout", "TimeoutError")), ms) : null;
  return {
    signal: controller.signal,
    timedOut: () => controller.signal.reason?.name === "TimeoutError",
    done: () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    },
  };
}

async function readLimited(response, limit) {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Sends one parsed call upstream; resolves the browser's answer and the MfaResult. */
async function forward(config, call, provider, body, signal) {
  const upstream = config.upstream[provider];
  const method = call.method();
  const clock = deadline(signal, config.timeoutMs);
  const fail = (status, code, message) => ({ answer: refusal(status, code, message), result: call.noAnswer(code) });
  try {
    for (let attempt = 0; ; attempt++) {
      const headers = { accept: "application/json" };
      if (body !== "") headers["content-type"] = "application/json";
      let token;
      if (provider === "riffyn" && call.authorization()) headers.authorization = call.authorization();
      if (provider === "belvo") headers.authorization = upstream.authorization;
      if (provider === "onelogin") {
        try {
          token = await upstream.token.token(clock.signal);
        } catch (error) {
          if (signal?.aborted) return fail(499, "aborted", "the browser went away");
          if (clock.timedOut()) return fail(504, "timeout", "OneLogin did not answer in time");
          const code = ["unauthorized", "invalid_credentials"].includes(error?.code) ? "unauthorized" : "network";
          return fail(502, code, "the proxy could not authenticate to OneLogin");
        }
        headers.authorization = `Bearer ${token}`;
      }
      let response;
      try {
        response = await config.fetch(`${upstream.baseUrl}${call.upstreamPath()}`, {
          method,
          headers,
          body: body === "" ? undefined : body,
          redirect: "manual",
          signal: clock.signal,
        });
      } catch {
        if (signal?.aborted) return fail(499, "aborted", "the browser went away");
        if (clock.timedOut()) return fail(504, "timeout", "the provider did not answer in time");
        return fail(502, "network", "the provider could not be reached");
      }
      // A redirect (or the opaque answer `redirect: "manual"` gives in some hosts) is never followed.
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        await response.body?.cancel().catch(() => {});
        return fail(502, "bad_response", "the provider answered with a redirect");
      }
      let text;
      try {
        text = await readLimited(response, MAX_UPSTREAM_BYTES);
      } catch {
        if (signal?.aborted) return fail(499, "aborted", "the browser went away");
        return fail(502, "network", "the provider's answer was cut off");
      }
      if (text === null) return fail(502, "bad_response", "the provider's answer is too large");
      if (provider === "onelogin" && upstream.renews && attempt === 0 && call.refusesToken(response.status, text)) {
        upstream.token.renew(token);
        continue;
      }
      const out = { "content-type": "application/json" };
      for (const name of PASSED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) out[name] = value;
      }
      return { answer: { status: response.status, headers: out, body: text }, result: call.outcome(response.status, text) };
    }
  } finally {
    clock.done();
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
 * Creates the proxy. See server.d.ts for the options; throws an `MfaError` (`invalid_input`,
 * `insecure_url`) naming the bad option, never its value.
 */
export function createMfaProxy(options) {
  const config = readOptions(options);

  /** The whole exchange; `null` when the path is not under `basePath` (Express's `next()`). */
  async function run({ method, url, header, readBody, request, signal }) {
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    if (pathname !== config.basePath && !pathname.startsWith(`${config.basePath}/`)) return null;
    const sub = pathname.slice(config.basePath.length);
    const provider = PROVIDERS.find((p) => sub.startsWith(`/${p}/`));
    const authorization = header("authorization") ?? undefined;
    // No client sends a query; an unconfigured provider is not routed.
    if (q >= 0 || !provider || !config.upstream[provider]) return NOT_FOUND();
    const parse = (body) => {
      try {
        return ProxyCall.parse(method, sub, body, authorization);
      } catch (refused) {
        return refused;
      }
    };
    if (parse("") === "not_found") return NOT_FOUND();
    const body = await readBody(config.maxBodyBytes);
    if (body === null) return refusal(413, "payload_too_large", `the body is larger than ${config.maxBodyBytes} bytes`);
    if (body !== "" && !/^application\/json\s*(;|$)/i.test(header("content-type") ?? "")) {
      return refusal(415, "unsupported_media_type", "the body must be application/json");
    }
    const call = parse(body);
    if (typeof call === "string") return call === "not_found" ? NOT_FOUND() : refusal(400, "bad_request", "the body is not what this operation sends");
    const operation = call.operation();
    if (!config.allow.has(operation.name)) return FORBIDDEN();
    // Fail closed: only a real `true` lets the call through.
    if ((await config.authorize(operation, request)) !== true) return FORBIDDEN();
    const { answer, result } = await traced(config.telemetry, operation, () => forward(config, call, provider, body, signal));
    if (config.onResult) await config.onResult(result, request);
    return answer;
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
          readBody: (limit) => readLimited(request, limit),
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
        headers: { ...answer.headers, "cache-control": "no-store" },
      });
    },

    /** node:http, Express, Connect: `app.use(proxy.node)`; other paths go to `next`. */
    node(req, res, next) {
      const controller = new AbortController();
      // The browser went away before the answer was written: stop the upstream call.
      res.on("close", () => {
        if (!res.writableEnded) controller.abort();
      });
      const readBody = (limit) => {
        // A body parser (express.json()) ran first: forward what it parsed, re-serialized.
        if (req._body === true || req.readableEnded) {
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
          req.on("data", (chunk) => {
            if (done) return;
            size += chunk.length;
            if (size > limit) {
              done = true;
              req.resume();
              resolve(null);
            } else {
              chunks.push(chunk);
            }
          });
          req.on("end", () => {
            if (!done) resolve(Buffer.concat(chunks).toString("utf8"));
          });
          req.on("error", reject);
        });
      };
      run({
        method: req.method,
        url: req.originalUrl ?? req.url,
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(", ") : value;
        },
        readBody,
        request: req,
        signal: controller.signal,
      })
        .catch(() => internalError())
        .then((answer) => {
          if (answer === null) {
            if (typeof next === "function") return next();
            answer = NOT_FOUND();
          }
          if (res.destroyed || res.writableEnded) return;
          const headers = { ...answer.headers, "cache-control": "no-store" };
          const empty = [101, 204, 205, 304].includes(answer.status);
          if (!empty) headers["content-length"] = Buffer.byteLength(answer.body);
          res.writeHead(answer.status, headers);
          res.end(empty ? undefined : answer.body);
        });
    },
  };
}
