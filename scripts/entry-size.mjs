// What a page downloads for the package's browser entry: its wasm, and its JS bundled and minified
// by esbuild as an app's bundler would, each brotli -11 (window 24, as `brotli -11`). One
// measurement for scripts/size-check.mjs (the budget) and bench/size.mjs (the results table).
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { buildSync } from "esbuild";

export const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } }).length;

/** { wasm, js } brotli bytes of the browser entry `name` (pkg/<name>.js and pkg/lib/<name>_bg.wasm). */
export function entrySize(root, name = "mfa_flows") {
  const js = buildSync({
    entryPoints: [new URL(`pkg/${name}.js`, root).pathname], bundle: true, minify: true, format: "esm", write: false,
  }).outputFiles[0].contents;
  return { wasm: brotli(readFileSync(new URL(`pkg/lib/${name}_bg.wasm`, root))), js: brotli(js) };
}
