// mfa-flows/testing (Node only): the repository's sandbox (sandbox/, shipped in the package as
// sandbox/), started in this process, with typed helpers over its control API (sandbox/README.md).
// It imitates the providers' documented wire formats; it is no guarantee of their real behaviour.
import { startSandbox as listen } from "./sandbox/server.mjs";
import { handleControl, totpCodes } from "./sandbox/control.mjs";
import { initialRiffynState, ALICE_FACTOR } from "./sandbox/riffyn.mjs";
import { BELVO_KEYS, BANK_CREDENTIALS } from "./sandbox/belvo.mjs";
import { CLIENT, initialOneLoginUsers } from "./sandbox/onelogin-users.mjs";
import { PROVIDERS, addFault } from "./sandbox/faults.mjs";

/** The demo identities, from the sandbox's own state (one source with sandbox/README.md). */
function identities() {
  const alice = initialRiffynState().users.alice;
  const user = initialOneLoginUsers().get(1001);
  const deviceOf = (kind) => user.devices.find((d) => d.kind === kind);
  return deepFreeze({
    riffyn: { username: alice.username, password: alice.password, totpSecret: alice.totp.secret, factorId: ALICE_FACTOR.id },
    belvo: { ...BELVO_KEYS, ...BANK_CREDENTIALS },
    onelogin: {
      clientId: CLIENT.id, clientSecret: CLIENT.secret, userId: user.id,
      totpDeviceId: deviceOf("totp").id, totpSecret: deviceOf("totp").secret, pushDeviceId: deviceOf("push").id,
    },
  });
}

function deepFreeze(value) {
  for (const inner of Object.values(value)) if (typeof inner === "object" && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

const PUSH_MODES = ["manual", "auto"];
const START_OPTIONS = ["port", "host", "pushes"];

/** Starts a sandbox on `host`:`port` (0: a free port); resolves once it listens. */
export async function startSandbox(options = {}) {
  if (typeof options !== "object" || options === null) throw new TypeError("startSandbox: options must be an object");
  // A misspelled option (`prot`, `push`) would otherwise start a sandbox that ignores it.
  for (const key of Object.keys(options)) {
    if (!START_OPTIONS.includes(key)) throw new TypeError(`startSandbox: ${key}: unknown option (expected ${START_OPTIONS.join(", ")})`);
  }
  const { port = 0, host = "127.0.0.1", pushes = "manual" } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError("startSandbox: port must be an integer 0..65535");
  if (typeof host !== "string" || host === "") throw new TypeError("startSandbox: host must be a host name or address");
  if (!PUSH_MODES.includes(pushes)) throw new TypeError('startSandbox: pushes must be "manual" or "auto"');
  const server = await listen({ port, host, quiet: true, root: null });
  const { url, state } = server;

  /**
   * One control-API call, in process (the same handler as `/_sandbox`, so a test that mocks `fetch`
   * still steers the sandbox); a refusal rejects with the sandbox's message.
   */
  async function control(method, path, body) {
    const [route, query = ""] = path.split("?");
    const answer = handleControl({ state, method, path: route, query: new URLSearchParams(query), bodyText: body === undefined ? "" : JSON.stringify(body) });
    if (answer.status !== 200) throw new Error(`mfa-flows/testing: ${method} /_sandbox${path}: ${answer.body?.error ?? `HTTP ${answer.status}`}`);
    // A copy: what a test keeps is never the sandbox's live state.
    return JSON.parse(JSON.stringify(answer.body));
  }
  const setPushMode = () => control("POST", "/push-mode", { mode: pushes });
  try {
    await setPushMode();
  } catch (error) {
    await server.close();
    throw error;
  }

  return {
    url,
    baseUrls: { riffyn: `${url}/riffyn/v1`, belvo: `${url}/belvo`, onelogin: `${url}/onelogin` },
    identities: identities(),
    totp(provider) {
      // The demo user's authenticator: Riffyn's alice, OneLogin's user 1001 (device 525001).
      const rows = totpCodes(state);
      const row = provider === "riffyn" ? rows.find((r) => r.provider === "riffyn" && r.user === "alice")
        : provider === "onelogin" ? rows.find((r) => r.provider === "onelogin" && r.userId === 1001 && r.deviceId === 525001)
        : undefined;
      if (!row) throw new TypeError('totp: provider must be "riffyn" or "onelogin"');
      return row.code;
    },
    outbox: () => control("GET", "/outbox"),
    approvePush: async () => void (await control("POST", "/pushes/approve", {})),
    denyPush: async () => void (await control("POST", "/pushes/deny", {})),
    async advanceClock(ms) {
      if (!Number.isFinite(ms)) throw new TypeError("advanceClock: ms must be a number");
      await control("POST", "/clock", { advanceMs: ms });
    },
    async fault(spec) {
      if (typeof spec !== "object" || spec === null || !PROVIDERS.includes(spec.provider)) {
        throw new TypeError(`fault: provider must be one of ${PROVIDERS.join(", ")}`);
      }
      // A named kind goes to the control API as it is; otherwise the spec's parts become the
      // sandbox's transport faults (delay, then reset) and a raw answer.
      if (spec.kind !== undefined) return void (await control("POST", "/faults", spec));
      const { provider, count, delayMs, reset, status, body, headers } = spec;
      const specs = [];
      if (delayMs !== undefined) specs.push({ provider, kind: "delay", delayMs, count });
      if (reset === true) specs.push({ provider, kind: "reset", count });
      else if (reset !== undefined && reset !== false) throw new TypeError("fault: reset must be a boolean");
      if (!reset && (status !== undefined || body !== undefined || headers !== undefined || delayMs === undefined)) {
        specs.push({ provider, kind: "raw", status, body, headers, count });
      }
      // Each part checked by the sandbox's own rules first, so that a refused part arms nothing.
      for (const one of specs) {
        try {
          addFault({ faults: [] }, JSON.parse(JSON.stringify(one)));
        } catch (error) {
          throw new TypeError(`fault: ${error.message}`);
        }
      }
      for (const one of specs) await control("POST", "/faults", one);
    },
    async requests() {
      return (await control("GET", "/requests")).map(({ provider, method, path, status }) => ({ provider, method, path, status }));
    },
    async reset() {
      await control("POST", "/reset");
      await setPushMode();
    },
    close: () => server.close(),
  };
}
