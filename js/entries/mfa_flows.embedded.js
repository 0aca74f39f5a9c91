// mfa-flows with its wasm module inside the JS: for Node (ESM and require()), Deno, Bun, server
// bundles (Next.js) and bundlers that do not emit a `new URL(…, import.meta.url)` asset (esbuild,
// Rollup). No file read, no fetch, no top-level await: instantiated synchronously on import.
import { initSync, version } from "./lib/mfa_flows.js";
import base64 from "./lib/mfa_flows_bg.wasm.js";
import { wasmBytes } from "./lib/client.js";

export * from "./lib/mfa_flows.api.js";
initSync({ module: wasmBytes(base64) });
/** The package version (Cargo.toml's, read from the module). */
export const VERSION = version();
