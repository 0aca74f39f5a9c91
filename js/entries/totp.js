// mfa-flows/totp for browsers and bundlers (scripts and tests: `totp`, `parseOtpauthUri`, `otpauthUri`): its own, smaller module,
// instantiated on import as the whole-SDK entry does (see mfa_flows.js).
import init, { version } from "./lib/totp.js";

export * from "./lib/totp.api.js";
await init();
/** The package version (Cargo.toml's, read from the module). */
export const VERSION = version();
