// mfa-flows/server for Fetch-API servers bundled for the web condition (edge runtimes, bundlers):
// its own module (the proxy and the three providers, no TOTP or browser-only code), instantiated
// on import as the whole-SDK entry does (see mfa_flows.js).
import init from "./lib/server.js";

export * from "./lib/proxy.api.js";
export { memoryStore, redisStore } from "./lib/store.js";
await init();
