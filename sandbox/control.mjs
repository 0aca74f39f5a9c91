// The control API under /_sandbox: lets tests and the demo page see and steer the sandbox
// (reset, request log, clock, SMS outbox, TOTP codes, pushes, Belvo sessions, faults).
import { reply, now, iso, tryParseJson, isPlainObject } from "./util.mjs";
import { totp, secondsLeft } from "./totp.mjs";
import { resetState } from "./state.mjs";
import { addFault, listFaults, PROVIDERS } from "./faults.mjs";
import { revokeAll } from "./onelogin-token.mjs";

const bad = (message) => reply(400, { error: message });
const notFound = (message = "Not found") => reply(404, { error: message });
const ok = (extra = {}) => reply(200, { ok: true, ...extra });

/** ctx: { state, method, path (after /_sandbox), query, bodyText } */
export function handleControl(ctx) {
  let body = {};
  if (ctx.bodyText.trim() !== "") {
    body = tryParseJson(ctx.bodyText);
    if (!isPlainObject(body)) return bad("body must be a JSON object");
  }
  const route = ROUTES[`${ctx.method} ${ctx.path}`];
  if (!route) return notFound();
  return route(ctx.state, body, ctx.query);
}

const ROUTES = {
  "GET /health": () => ok(),
  "POST /reset": (state) => {
    resetState(state);
    return ok();
  },
  "GET /requests": (state, _, query) => {
    const provider = query.get("provider");
    if (provider && !PROVIDERS.includes(provider)) return bad(`provider must be one of ${PROVIDERS.join(", ")}`);
    return reply(200, provider ? state.log.filter((e) => e.provider === provider) : state.log);
  },
  "DELETE /requests": (state) => {
    state.log.length = 0;
    return ok();
  },
  "GET /clock": (state) => reply(200, clockView(state)),
  "POST /clock": (state, body) => {
    if (body.offsetMs !== undefined) {
      if (!Number.isFinite(body.offsetMs)) return bad("offsetMs must be a number");
      state.clock.offsetMs = body.offsetMs;
    } else if (body.advanceMs !== undefined) {
      if (!Number.isFinite(body.advanceMs)) return bad("advanceMs must be a number");
      state.clock.offsetMs += body.advanceMs;
    } else {
      return bad("send {advanceMs} or {offsetMs}");
    }
    return reply(200, clockView(state));
  },
  "GET /outbox": (state) => reply(200, state.outbox),
  "DELETE /outbox": (state) => {
    state.outbox.length = 0;
    return ok();
  },
  "GET /totp": (state) => reply(200, totpCodes(state)),
  "GET /pushes": (state) => reply(200, pendingPushes(state).map(pushView)),
  "POST /pushes/approve": (state, body) => decidePush(state, body, "approved"),
  "POST /pushes/deny": (state, body) => decidePush(state, body, "denied"),
  "GET /push-mode": (state) => reply(200, { ...state.onelogin.push }),
  "POST /push-mode": (state, body) => {
    const push = state.onelogin.push;
    if (body.mode !== undefined && body.mode !== "auto" && body.mode !== "manual") return bad('mode must be "auto" or "manual"');
    if (body.polls !== undefined && (!Number.isInteger(body.polls) || body.polls < 1)) return bad("polls must be a positive integer");
    if (body.mode !== undefined) push.mode = body.mode;
    if (body.polls !== undefined) push.polls = body.polls;
    return reply(200, { ...push });
  },
  "GET /belvo/sessions": (state) => {
    const t = now(state);
    const sessions = [...state.belvo.sessions.values()].filter((s) => t < s.expiresAtMs);
    return reply(200, sessions.map((s) => ({ session: s.session, link: s.link, institution: s.institution, resource: s.resource, kind: s.kind, expectedToken: s.expectedToken, expiresAt: iso(s.expiresAtMs) })));
  },
  "POST /onelogin/revoke": (state) => {
    revokeAll(state);
    return ok();
  },
  "POST /onelogin/token-ttl": (state, body) => {
    if (!Number.isInteger(body.seconds) || body.seconds < 1) return bad("seconds must be a positive integer");
    state.onelogin.tokenTtlSeconds = body.seconds;
    state.onelogin.current = null; // the next token request issues a token with the new lifetime
    return reply(200, { seconds: body.seconds });
  },
  "GET /faults": (state) => reply(200, listFaults(state)),
  "POST /faults": (state, body) => {
    try {
      addFault(state, body);
    } catch (e) {
      return bad(e.message);
    }
    return reply(200, listFaults(state));
  },
  "DELETE /faults": (state) => {
    state.faults.length = 0;
    return ok();
  },
};

function clockView(state) {
  const t = now(state);
  return { now: t, iso: iso(t), offsetMs: state.clock.offsetMs };
}

export function totpCodes(state) {
  const t = now(state);
  const rows = [];
  for (const user of Object.values(state.riffyn.users)) {
    if (!user.totp) continue;
    const { secret, period, digits, algorithm } = user.totp;
    rows.push({ provider: "riffyn", user: user.username, secret, code: totp(secret, { timestamp: t, period, digits, algorithm }), secondsLeft: secondsLeft(t, period) });
  }
  for (const user of state.onelogin.users.values()) {
    for (const d of user.devices.filter((x) => x.kind === "totp" && x.secret)) {
      rows.push({ provider: "onelogin", user: user.name, userId: user.id, deviceId: d.id, secret: d.secret, code: totp(d.secret, { timestamp: t }), secondsLeft: secondsLeft(t) });
    }
  }
  return rows;
}

function pendingPushes(state) {
  const t = now(state);
  return [...state.onelogin.challenges.values()].filter((c) => c.kind === "push" && c.decision === "pending" && t < c.expiresAtMs);
}

const pushView = (c) => ({ userId: c.userId, deviceId: c.deviceId, stateToken: c.stateToken, createdAt: iso(c.createdAtMs), expiresAt: iso(c.expiresAtMs), polls: c.polls });

/** Approves or denies the push named by {stateToken}, or the newest pending one. */
function decidePush(state, body, decision) {
  const pending = pendingPushes(state);
  const push = body.stateToken !== undefined ? pending.find((c) => c.stateToken === body.stateToken) : pending.at(-1);
  if (!push) return notFound("No pending push");
  push.decision = decision;
  return reply(200, { ok: true, ...pushView(push), decision });
}
