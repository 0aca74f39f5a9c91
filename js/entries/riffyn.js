// mfa-flows/riffyn for browsers and bundlers (a Riffyn login page: `RiffynClient` and `toChallenge`): its own, smaller module,
// instantiated on import as the whole-SDK entry does (see mfa_flows.js).
import init, { version } from "./lib/riffyn.js";

export * from "./lib/riffyn.api.js";
await init();
/** The package version (Cargo.toml's, read from the module). */
export const VERSION = version();
