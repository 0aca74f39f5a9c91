// mfa-flows/onelogin for browsers and bundlers (a OneLogin factor page: `OneLoginClient` and `toChallenge`): its own, smaller module,
// instantiated on import as the whole-SDK entry does (see mfa_flows.js).
import init, { version } from "./lib/onelogin.js";

export * from "./lib/onelogin.api.js";
await init();
/** The package version (Cargo.toml's, read from the module). */
export const VERSION = version();
