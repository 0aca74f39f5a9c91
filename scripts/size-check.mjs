#!/usr/bin/env node
// Fails when what a page downloads for the package's browser entry (its wasm + its JS, bundled and
// minified by esbuild as an app's bundler would) grows past the budget in bench/size-budget.json,
// brotli -11; so size cannot regress unnoticed.
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { buildSync } from "esbuild";

const root = new URL("..", import.meta.url);
const budget = JSON.parse(readFileSync(new URL("bench/size-budget.json", root), "utf8"));
const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } }).length;
const js = buildSync({
  entryPoints: [new URL("pkg/mfa_flows.js", root).pathname], bundle: true, minify: true, format: "esm", write: false,
}).outputFiles[0].contents;
const wasm = brotli(readFileSync(new URL("pkg/lib/mfa_flows_bg.wasm", root)));
const glue = brotli(js);
const total = wasm + glue;
const kib = (n) => (n / 1024).toFixed(1);
console.log(`size: wasm ${kib(wasm)} KiB + JS ${kib(glue)} KiB = ${kib(total)} KiB brotli-11 (budget ${kib(budget.maxBrotliBytes)} KiB, goal ${kib(budget.goalBrotliBytes)} KiB)`);
if (total > budget.maxBrotliBytes) {
  console.error(`size: over budget by ${total - budget.maxBrotliBytes} bytes`);
  process.exit(1);
}
