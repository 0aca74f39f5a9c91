// mfa-flows/belvo for browsers and bundlers (a Belvo bank-link page: `BelvoClient` and `toChallenge`): its own, smaller module,
// instantiated on import as the whole-SDK entry does (see mfa_flows.js).
import init, { version } from "./lib/belvo.js";

export * from "./lib/belvo.api.js";
await init();
/** The package version (Cargo.toml's, read from the module). */
export const VERSION = version();
