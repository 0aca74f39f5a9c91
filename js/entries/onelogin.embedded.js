// mfa-flows/onelogin with its wasm module inside the JS (Node, Deno, Bun, server bundles, esbuild,
// Rollup): instantiated synchronously on import, as mfa_flows.embedded.js does.
import { initSync, version } from "./lib/onelogin.js";
import base64 from "./lib/onelogin_bg.wasm.js";
import { wasmBytes } from "./lib/client.js";

export * from "./lib/onelogin.api.js";
initSync({ module: wasmBytes(base64) });
/** The package version (Cargo.toml's, read from the module). */
export const VERSION = version();
