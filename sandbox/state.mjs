// The whole mutable state of one sandbox. Reset mutates the same object in place, so the
// `state` handed out by startSandbox() stays valid across POST /_sandbox/reset.
import { initialRiffynState } from "./riffyn.mjs";
import { initialBelvoState } from "./belvo.mjs";
import { initialOneLoginState } from "./onelogin.mjs";

export const MAX_LOG_ENTRIES = 1000; // oldest entries are dropped beyond this

export function initialState() {
  return {
    clock: { offsetMs: 0 },
    log: [], // request log of the three providers (GET /_sandbox/requests)
    faults: [], // see faults.mjs
    outbox: [], // SMS / voice messages sent by OneLogin
    riffyn: initialRiffynState(),
    belvo: initialBelvoState(),
    onelogin: initialOneLoginState(),
  };
}

export function resetState(state) {
  for (const key of Object.keys(state)) delete state[key];
  Object.assign(state, initialState());
}
