// Belvo API (digest §1), mounted at /belvo. Stateful links and MFA sessions (HTTP 428
// token_required → PATCH the same collection path), strict JSON bodies, DRF-like errors.
import { takeFault, rawFaultReply } from "./faults.mjs";
import { reply, now, iso, hex, requestId, parseBasic, isJsonContentType, tryParseJson } from "./util.mjs";
import { SCHEMAS, validate } from "./belvo-validate.mjs";
import { INSTITUTIONS, institutionList } from "./belvo-institutions.mjs";
import { DATA_RESOURCES, newLink, resourceObjects } from "./belvo-data.mjs";

export const BELVO_KEYS = { secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" };
export const BANK_CREDENTIALS = { username: "bnk100", password: "full" };

export const HTML_403 =
  "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>openresty</center></body></html>";
const TOKEN_REQUIRED_MESSAGE = "A MFA token is required by the institution to login";

export function initialBelvoState() {
  return {
    links: new Map(), // link id → Link object
    sessions: new Map(), // session → pending MFA session (see challenge())
    saved: {}, // resource → objects persisted by save_data
  };
}

/** Belvo's error envelope: always an array; every element carries the same request_id. */
export function belvoErrors(status, errors) {
  const rid = requestId();
  return reply(status, errors.map((e) => (e.field !== undefined ? { request_id: rid, message: e.message, code: e.code, field: e.field } : { code: e.code, message: e.message, request_id: rid })));
}
const belvoError = (status, code, message) => belvoErrors(status, [{ code, message }]);

/** Used by the server for failures outside the handlers (500, 413). */
export function belvoServerError(status) {
  return status === 413
    ? belvoError(413, "request_too_large", "The request body is larger than 1 MB.")
    : belvoError(500, "unexpected_error", "Belvo is unable to process the request due to an internal system issue or to an unsupported response from an institution");
}

export function handleBelvo(ctx) {
  const raw = takeFault(ctx.state, "belvo", "raw");
  if (raw) return rawFaultReply(raw);
  // Belvo's rate limiter is an nginx/openresty page, not JSON (digest §1.7).
  if (takeFault(ctx.state, "belvo", "html_403")) return reply(403, HTML_403, { "content-type": "text/html" });

  const basic = parseBasic(ctx.headers.authorization);
  if (!basic || basic === "malformed" || basic.user !== BELVO_KEYS.secretId || basic.pass !== BELVO_KEYS.secretPassword) {
    return belvoError(401, "authentication_failed", "Invalid Secret Keys");
  }
  return route(ctx);
}

function route(ctx) {
  const { path, method } = ctx;
  // Known path, unknown method → DRF's 405 with an Allow header.
  const allow = (handlers) => {
    if (handlers[method]) return handlers[method]();
    const res = belvoError(405, "method_not_allowed", `Method "${method}" not allowed.`);
    res.headers.allow = Object.keys(handlers).join(", ");
    return res;
  };

  if (path === "/api/") return allow({ GET: () => index(ctx) });
  if (path === "/api/institutions/") return allow({ GET: () => page(institutionList()) });
  if (path === "/api/links/") {
    return allow({
      GET: () => page([...ctx.state.belvo.links.values()]),
      POST: () => register(ctx),
      PATCH: () => resume(ctx, "links"),
    });
  }
  const linkPath = /^\/api\/links\/([^/]+)\/$/.exec(path);
  if (linkPath) {
    const id = linkPath[1]; // ids are uuids: never percent-decoded, so a bad escape is just unknown
    return allow({ GET: () => getLink(ctx, id), DELETE: () => deleteLink(ctx, id) });
  }
  const resourcePath = /^\/api\/([a-z-]+)\/$/.exec(path);
  if (resourcePath && DATA_RESOURCES.includes(resourcePath[1])) {
    const resource = resourcePath[1];
    return allow({
      GET: () => page(savedObjects(ctx, resource)),
      POST: () => retrieve(ctx, resource),
      PATCH: () => resume(ctx, resource),
    });
  }
  return belvoError(404, "not_found", "Not found.");
}

/** GET /api/: the listing Belvo's clients fetch to check the keys. */
function index(ctx) {
  const base = `${ctx.origin}${ctx.mount}/api/`;
  const names = ["links", "accounts", "transactions", "balances", "owners", "incomes", "invoices", "recurring-expenses", "risk-insights", "institutions"];
  return reply(200, Object.fromEntries(names.map((n) => [n, `${base}${n}/`])));
}

const page = (results) => reply(200, { count: results.length, next: null, previous: null, results });

function savedObjects(ctx, resource) {
  const all = ctx.state.belvo.saved[resource] ?? [];
  const link = ctx.query.get("link");
  return link ? all.filter((o) => o.link === link) : all;
}

function getLink(ctx, id) {
  const link = ctx.state.belvo.links.get(id);
  return link ? reply(200, link) : belvoError(404, "not_found", "Not found.");
}

function deleteLink(ctx, id) {
  const { links, sessions } = ctx.state.belvo;
  if (!links.delete(id)) return belvoError(404, "not_found", "Not found.");
  for (const [key, s] of sessions) if (s.link === id) sessions.delete(key);
  return reply(204, "");
}

/** Parses and validates a JSON body. Returns { data } or { fail: reply }. */
function readJson(ctx, schema) {
  let body = {};
  if (ctx.bodyText.trim() !== "") {
    const type = ctx.headers["content-type"];
    if (!isJsonContentType(type)) {
      return { fail: belvoError(400, "parse_error", `Unsupported media type "${type ?? ""}" in request. Send JSON with Content-Type: application/json.`) };
    }
    body = tryParseJson(ctx.bodyText);
    if (body === undefined) return { fail: belvoError(400, "parse_error", "JSON parse error - the request body is not valid JSON.") };
  }
  const { errors, data } = validate(body, schema);
  return errors.length ? { fail: belvoErrors(400, errors) } : { data };
}

function tooManySessions(ctx) {
  if (!takeFault(ctx.state, "belvo", "too_many_sessions")) return null;
  return belvoError(400, "too_many_sessions", "Impossible to login, a session is already opened with the institution for these credentials");
}

/** POST /api/links/ */
function register(ctx) {
  const busy = tooManySessions(ctx);
  if (busy) return busy;
  const { data, fail } = readJson(ctx, SCHEMAS.register);
  if (fail) return fail;
  if (data.username !== BANK_CREDENTIALS.username || data.password !== BANK_CREDENTIALS.password) {
    return belvoError(400, "login_error", "Invalid credentials provided to login to the institution");
  }
  const institution = INSTITUTIONS[data.institution];
  if (institution.activationRequired) return belvoError(428, "activation_required", "This user doesn't have web access activated yet.");
  const link = newLink(data, now(ctx.state));
  return start(ctx, { resource: "links", link, steps: institution.loginSteps, token: data.token, saveData: data.save_data });
}

/** POST /api/<resource>/ */
function retrieve(ctx, resource) {
  const busy = tooManySessions(ctx);
  if (busy) return busy;
  const { data, fail } = readJson(ctx, SCHEMAS[resource]);
  if (fail) return fail;
  const link = ctx.state.belvo.links.get(data.link);
  if (!link) return belvoErrors(400, [{ field: "link", code: "does_not_exist", message: `Invalid pk "${data.link}" - object does not exist.` }]);
  if (link.status !== "valid") return belvoError(400, "unconfirmed_link", "The link creation has not been completed yet");
  const steps = INSTITUTIONS[link.institution].dataSteps;
  return start(ctx, { resource, link, steps, token: data.token, saveData: data.save_data });
}

/**
 * Starts a flow: a token sent with the first request answers the first step (Belvo advises
 * against it, but accepts it); otherwise the first step's 428 is answered.
 */
function start(ctx, flow) {
  let stepIndex = 0;
  const first = flow.steps[0];
  if (flow.token !== undefined && first?.expectedToken) {
    if (flow.token !== first.expectedToken) return belvoError(400, "login_error", "Invalid token provided to login to the institution");
    stepIndex = 1;
  }
  ctx.state.belvo.links.set(flow.link.id, flow.link);
  return stepIndex < flow.steps.length ? challenge(ctx, flow, stepIndex) : complete(ctx, flow, flow.resource === "links" ? 201 : null);
}

/** Opens an MFA session for steps[stepIndex] and answers its 428. */
function challenge(ctx, flow, stepIndex) {
  const step = flow.steps[stepIndex];
  const session = hex(16);
  const t = now(ctx.state);
  ctx.state.belvo.sessions.set(session, {
    session,
    resource: flow.resource,
    link: flow.link.id,
    institution: flow.link.institution,
    stepIndex,
    kind: step.kind,
    expectedToken: step.expectedToken,
    expiresAtMs: t + Number(step.expiry) * 1000,
    saveData: flow.saveData,
  });
  if (flow.resource === "links") flow.link.status = "token_required";
  const { link } = flow;
  if (step.kind === "legacy") return reply(428, { detail: "Token Required", session, expiry: step.expiry, link: link.id });
  return reply(428, [
    {
      code: "token_required",
      message: TOKEN_REQUIRED_MESSAGE,
      request_id: requestId(),
      session,
      expiry: step.expiry,
      link: link.id,
      token_generation_data: step.tokenGenerationData(session),
    },
  ]);
}

/** PATCH /api/links/ and PATCH /api/<resource>/ */
function resume(ctx, resource) {
  const { data, fail } = readJson(ctx, resource === "links" ? SCHEMAS.resumeLink : SCHEMAS.resumeData);
  if (fail) return fail;
  const { sessions, links } = ctx.state.belvo;
  const session = sessions.get(data.session);
  if (!session || session.resource !== resource) return belvoError(404, "not_found", "Not found.");
  if (now(ctx.state) >= session.expiresAtMs) {
    return belvoError(400, "session_expired", "The session you are trying to resume has expired, please start again from register/retrieve endpoint");
  }
  if (data.link !== session.link) return belvoErrors(400, [{ field: "link", code: "invalid", message: "The link does not match the session." }]);
  // Inputless and QR steps take no token: whatever is sent is ignored, as the bank never asks for one.
  if (session.expectedToken !== null && data.token !== session.expectedToken) {
    return belvoError(400, "login_error", "Invalid token provided to login to the institution");
  }
  sessions.delete(data.session);
  const link = links.get(session.link);
  if (!link) return belvoError(404, "not_found", "Not found."); // deleted while the session was open
  const institution = INSTITUTIONS[link.institution];
  const steps = resource === "links" ? institution.loginSteps : institution.dataSteps;
  const flow = { resource, link, steps, saveData: data.save_data ?? session.saveData };
  const next = session.stepIndex + 1;
  return next < steps.length ? challenge(ctx, flow, next) : complete(ctx, flow, resource === "links" ? 200 : null);
}

/** Finishes a flow: a Link (201 on register, 200 on resume) or the resource's objects (201, or 200 without save_data). */
function complete(ctx, flow, linkStatus) {
  const t = now(ctx.state);
  const { link, resource } = flow;
  link.last_accessed_at = iso(t);
  if (resource === "links") {
    link.status = "valid";
    return reply(linkStatus, link);
  }
  const objects = resourceObjects(resource, link, t);
  if (flow.saveData === false) return reply(200, objects);
  (ctx.state.belvo.saved[resource] ??= []).push(...objects);
  return reply(201, objects);
}
