// A hand-written plain-JS Riffyn client: the benchmark's baseline for mfa-flows' RiffynClient.
// It does the work the SDK does on this path: checks options and inputs (unknown keys, types,
// empty or over-long fields, the local expiry), builds the same requests (POST /auth with Basic;
// POST /auth/factor/{id}/verify with JSON), runs each request under an AbortController with a
// timeout and the caller's signal, reads the body with a 1 MiB cap, parses it leniently into the
// same plain step objects, and rejects with an error class carrying the same codes (secrets
// scrubbed from messages). Not shipped; not tested beyond the benchmark's own check.

const MAX_FIELD = 1024;
const MAX_BODY = 1024 * 1024;

export class RiffynError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "RiffynError";
    this.code = code;
    for (const k of ["provider", "status", "providerCode", "requestId", "retryAfterMs"]) {
      if (details[k] !== undefined) this[k] = details[k];
    }
  }
}

const invalid = (message) => new RiffynError("invalid_input", message);

function checkObject(value, what, keys) {
  if (typeof value !== "object" || value === null) throw invalid(`${what}: must be an object`);
  for (const k of Object.keys(value)) {
    if (!keys.includes(k)) throw invalid(`${what}: unknown field \`${k.slice(0, 40)}\``);
  }
}

function required(value, field) {
  if (typeof value !== "string") throw invalid(`${field}: must be a string`);
  if (value === "") throw invalid(`${field}: must not be empty`);
  if (value.length > MAX_FIELD) throw invalid(`${field}: is too long`);
  return value;
}

const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`, "utf8").toString("base64")}`;

/** ISO-8601 or epoch seconds/ms (as text), like the SDK; undefined when unknown. */
function parseTimestamp(text) {
  const t = text.trim();
  if (/^\d{1,16}$/.test(t)) return t.length >= 12 ? Number(t) : Number(t) * 1000;
  const iso = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
  const ms = iso.test(t) ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** A JSON scalar as text (ids and timestamps may come as numbers), else undefined. */
function text(v) {
  if (typeof v === "string") return v;
  return (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean" ? String(v) : undefined;
}

function copy(target, source, keys) {
  for (const k of keys) if (text(source[k]) !== undefined) target[k] = text(source[k]);
  return target;
}

function factor(f) {
  if (typeof f !== "object" || f === null) return undefined;
  const id = text(f.id);
  if (!id) return undefined;
  const out = copy({ id }, f, ["factorType", "provider", "vendorName"]);
  if (typeof f.profile === "object" && f.profile !== null) out.profile = copy({}, f.profile, ["credentialId"]);
  return out;
}

function parseObject(body) {
  let v;
  try { v = JSON.parse(body); } catch { return undefined; }
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
}

function scrub(message, secrets) {
  let m = message.replace(/\p{Cc}/gu, "").slice(0, 200);
  for (const s of secrets) if (s.length >= 3) m = m.split(s).join("***");
  return m;
}

/** A non-2xx answer → RiffynError, mapped by phase and status like the SDK. */
function answerError(status, headers, body, phase, secrets) {
  const e = parseObject(body) ?? {};
  const message = text(e.error) ?? text(e.errorSummary) ?? text(e.message);
  const byStatus = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 429: "rate_limited" };
  let code = status >= 500 ? "server_error" : byStatus[status] ?? "provider_error";
  if (phase === "login" && status === 401) code = "invalid_credentials";
  if (phase === "verify" && (status === 401 || status === 403)) {
    code = /expired/i.test(message ?? "") ? "expired" : "invalid_code";
  }
  const retry = code === "rate_limited" ? Number(headers.get("retry-after")) * 1000 : undefined;
  return new RiffynError(code, scrub(message?.trim() ? message : "the API refused the request", secrets), {
    provider: "riffyn", status, providerCode: text(e.errorCode), requestId: headers.get("x-request-id") ?? undefined,
    retryAfterMs: Number.isFinite(retry) ? retry : undefined,
  });
}

function parseAuth(status, body) {
  const bad = (m) => new RiffynError("bad_response", m, { provider: "riffyn", status });
  const json = parseObject(body);
  if (!json) throw bad("the answer is not a Riffyn auth response");
  const state = text(json.status);
  if (state === "SUCCESS") {
    if (!text(json.accessToken)) throw bad("SUCCESS without an accessToken");
    const keys = ["username", "userId", "accessToken", "accessTokenExpiresAt", "apiKey", "apiKeyName", "message"];
    return copy({ status: "SUCCESS" }, json, keys);
  }
  if (state === "MFA_REQUIRED") {
    if (!text(json.stateToken)) throw bad("MFA_REQUIRED without a stateToken");
    const list = json.factors ?? json._embedded?.factors ?? json._embedded?.factor ?? [];
    if (!Array.isArray(list)) throw bad("the answer is not a Riffyn auth response");
    const step = copy({ status: "MFA_REQUIRED" }, json, ["stateToken", "expiresAt"]);
    step.factors = list.map(factor).filter(Boolean);
    return step;
  }
  if (state === undefined) throw bad("the answer has no status");
  throw new RiffynError("provider_error", "Riffyn answered with a login state this client does not handle",
    { provider: "riffyn", status, providerCode: state });
}

export class RiffynJsClient {
  constructor(options) {
    checkObject(options, "options", ["baseUrl", "fetch", "timeoutMs", "headers", "allowInsecureHttp"]);
    let url;
    try {
      url = new URL(required(options.baseUrl, "baseUrl").trim());
    } catch (e) {
      throw e instanceof RiffynError ? e : invalid("baseUrl: must be an absolute http(s) URL");
    }
    if (!["https:", "http:"].includes(url.protocol)) throw invalid("baseUrl: must be an absolute http(s) URL");
    if (url.search || url.hash || url.username) throw invalid("baseUrl: must not have a query, a fragment or credentials");
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (url.protocol === "http:" && !loopback && !options.allowInsecureHttp) {
      throw new RiffynError("insecure_url", "baseUrl: http:// is only allowed for loopback hosts");
    }
    if (options.fetch !== undefined && typeof options.fetch !== "function") throw invalid("fetch: must be a function");
    this.base = url.href.replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.headers = { accept: "application/json", ...options.headers };
  }

  async #send(phase, path, init, secrets, call = {}) {
    checkObject(call, "call options", ["signal", "timeoutMs"]);
    if (call.signal?.aborted) throw new RiffynError("aborted", "the request was aborted");
    const controller = new AbortController();
    let fired = null;
    const onAbort = () => { fired ??= "aborted"; controller.abort(); };
    call.signal?.addEventListener("abort", onAbort);
    const ms = call.timeoutMs ?? this.timeoutMs;
    const timer = ms > 0 ? setTimeout(() => { fired ??= "timeout"; controller.abort(); }, ms) : undefined;
    try {
      let res, body = "";
      try {
        const headers = { ...this.headers, ...init.headers };
        res = await this.fetch(`${this.base}${path}`, { ...init, headers, signal: controller.signal });
        const reader = res.body?.getReader();
        const chunks = [];
        let size = 0;
        for (let r = await reader?.read(); r && !r.done; r = await reader.read()) {
          size += r.value.length;
          if (size > MAX_BODY) {
            reader.cancel();
            throw new RiffynError("bad_response", "the response body is too large", { status: res.status });
          }
          chunks.push(r.value);
        }
        body = reader ? Buffer.concat(chunks).toString("utf8") : await res.text();
      } catch (e) {
        if (e instanceof RiffynError) throw e;
        const why = { timeout: "timed out", aborted: "was aborted" }[fired] ?? "failed (network error)";
        throw new RiffynError(fired ?? "network", `the request ${why}`);
      }
      if (res.status < 200 || res.status > 299) throw answerError(res.status, res.headers, body, phase, secrets);
      return parseAuth(res.status, body);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }

  /** POST {baseUrl}/auth with HTTP Basic and no body. */
  async login(credentials, call) {
    checkObject(credentials, "credentials", ["username", "password"]);
    const auth = basic(required(credentials.username, "username"), required(credentials.password, "password"));
    return this.#send("login", "/auth", { method: "POST", headers: { authorization: auth } }, [], call);
  }

  /** POST {baseUrl}/auth/factor/{factorId}/verify with {stateToken, passCode}. */
  async verify(input, call) {
    checkObject(input, "input", ["stateToken", "factorId", "passCode", "expiresAt", "username", "password"]);
    const { stateToken, factorId, passCode, expiresAt, username, password } = input;
    for (const [v, f] of [[stateToken, "stateToken"], [factorId, "factorId"], [passCode, "passCode"]]) required(v, f);
    if (expiresAt !== undefined && typeof expiresAt !== "string") throw invalid("expiresAt: must be a string");
    const deadline = expiresAt === undefined ? undefined : parseTimestamp(expiresAt);
    if (deadline !== undefined && Date.now() >= deadline) {
      throw new RiffynError("expired", "the MFA step has expired; log in again", { provider: "riffyn" });
    }
    const headers = { "content-type": "application/json" };
    if ((username === undefined) !== (password === undefined)) throw invalid("username/password: give both or neither");
    if (username !== undefined) {
      headers.authorization = basic(required(username, "username"), required(password, "password"));
    }
    const segment = encodeURIComponent(factorId).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const path = `/auth/factor/${segment}/verify`;
    const body = JSON.stringify({ stateToken, passCode });
    return this.#send("verify", path, { method: "POST", headers, body }, [stateToken, passCode], call);
  }
}
