// Figure 1: the shipped bytes. The wasm, the generated JS glue and the package's own modules the
// browser entry imports (what a page without a bundler downloads), raw, gzip -9 and brotli -11
// (window 24, as `brotli -11` and scripts/size-check.mjs), each file compressed on its own as it is
// served; the same for the JS baseline. The budget of bench/size-budget.json is checked by
// size-check on wasm + the entry's JS bundled (scripts/entry-size.mjs).
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { main, root } from "./util.mjs";
import { entrySize } from "../scripts/entry-size.mjs";

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
  const own = ["pkg/mfa_flows.js", "pkg/lib/mfa_flows.api.js", "pkg/lib/client.js", "pkg/lib/mfa_error.js"];
  const files = {
    wasm: { path: "pkg/lib/mfa_flows_bg.wasm", ...sizes(read("pkg/lib/mfa_flows_bg.wasm")) },
    glue: { path: "pkg/lib/mfa_flows.js", ...sizes(read("pkg/lib/mfa_flows.js")) },
    snippet: { path: "pkg/mfa_flows.js + pkg/lib/{mfa_flows.api,client,mfa_error}.js", ...sum(own.map((p) => sizes(read(p)))) },
  };
  const budget = JSON.parse(read("bench/size-budget.json"));
  // The release build strips the name and producers sections (wasm-opt --strip-debug --strip-producers).
  const module = new WebAssembly.Module(read("pkg/lib/mfa_flows_bg.wasm"));
  const optimized = ["name", "producers"].every((s) => WebAssembly.Module.customSections(module, s).length === 0);
  return {
    build: optimized ? "release build, wasm-opt'd" : "not wasm-opt'd: a --dev build?",
    files,
    total: sum(Object.values(files)),
    sizeCheck: Object.values(entrySize(root)).reduce((a, b) => a + b), // what scripts/size-check.mjs compares
    budget: budget.entries.mfa_flows,
    baseline: { path: "bench/baseline/riffyn.mjs", ...sizes(read("bench/baseline/riffyn.mjs")) },
    // mfa-flows/ui on its own (the element + its QR encoder): not part of the total above.
    ui: { path: "pkg/ui.js", ...sizes(read("pkg/ui.js")), maxBrotliBytes: budget.ui.maxBrotliBytes },
    // Every browser entry of pkg/ as size-check measures it, with its ceiling and goal.
    entries: Object.fromEntries(Object.entries(budget.entries).map(([name, b]) => {
      const { wasm, js } = entrySize(root, name);
      return [name, { wasm, js, total: wasm + js, ...b }];
    })),
  };
}

await main(import.meta, measure);
