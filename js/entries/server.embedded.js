// mfa-flows/server with its wasm module inside the JS (Node, Deno, Bun, server bundles):
// instantiated synchronously on import, as mfa_flows.embedded.js does.
import { initSync } from "./lib/server.js";
import base64 from "./lib/server_bg.wasm.js";
import { wasmBytes } from "./lib/client.js";

export * from "./lib/proxy.api.js";
export { memoryStore, redisStore } from "./lib/store.js";
initSync({ module: wasmBytes(base64) });
