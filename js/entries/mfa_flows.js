// mfa-flows for browsers and bundlers: instantiates lib/mfa_flows_bg.wasm on import (top-level
// await), found through wasm-bindgen's `new URL("mfa_flows_bg.wasm", import.meta.url)`, which Vite,
// webpack and Next.js emit as an asset by themselves.
import init, { version } from "./lib/mfa_flows.js";

export * from "./lib/mfa_flows.api.js";
await init();
/** The package version (Cargo.toml's, read from the module). */
export const VERSION = version();
