// Figure 1: the shipped bytes. The wasm, the browser JS glue and the MfaError snippet it imports
// (what a browser downloads), raw, gzip -9 and brotli -11 (window 24, as `brotli -11` and
// scripts/size-check.mjs), each file compressed on its own as it is served; the same for the JS
// baseline. The budget of bench/size-budget.json is checked by size-check on wasm + glue.
import { readdirSync, readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { main, root } from "./util.mjs";

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
    },
  }).length,
});

const sum = (parts) => ({
  raw: parts.reduce((n, p) => n + p.raw, 0),
  gzip: parts.reduce((n, p) => n + p.gzip, 0),
  brotli: parts.reduce((n, p) => n + p.brotli, 0),
});

export function measure() {
  const read = (path) => readFileSync(new URL(path, root));
  const snippet = readdirSync(new URL("pkg/snippets/", root), { recursive: true })
    .map(String)
    .find((p) => p.endsWith("mfa_error.js"));
  if (!snippet) throw new Error("pkg/snippets/**/mfa_error.js is missing: build the package first");
  const files = {
    wasm: { path: "pkg/mfa_flows_bg.wasm", ...sizes(read("pkg/mfa_flows_bg.wasm")) },
    glue: { path: "pkg/mfa_flows.js", ...sizes(read("pkg/mfa_flows.js")) },
    snippet: { path: `pkg/snippets/${snippet.split("\\").join("/")}`, ...sizes(read(`pkg/snippets/${snippet}`)) },
  };
  const budget = JSON.parse(read("bench/size-budget.json"));
  // The release build strips the name and producers sections (wasm-opt --strip-debug --strip-producers).
  const module = new WebAssembly.Module(read("pkg/mfa_flows_bg.wasm"));
  const optimized = ["name", "producers"].every((s) => WebAssembly.Module.customSections(module, s).length === 0);
  return {
    build: optimized ? "release build, wasm-opt'd" : "not wasm-opt'd: a --dev build?",
    files,
    total: sum(Object.values(files)),
    sizeCheck: sum([files.wasm, files.glue]).brotli, // what scripts/size-check.mjs compares
    budget: { maxBrotliBytes: budget.maxBrotliBytes, goalBrotliBytes: budget.goalBrotliBytes },
    baseline: { path: "bench/baseline/riffyn.mjs", ...sizes(read("bench/baseline/riffyn.mjs")) },
    // mfa-flows/ui on its own (the element + its QR encoder): not part of the total above.
    ui: { path: "pkg/ui.js", ...sizes(read("pkg/ui.js")), maxBrotliBytes: budget.uiMaxBrotliBytes },
  };
}

await main(import.meta, measure);
