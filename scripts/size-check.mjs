#!/usr/bin/env node
// Fails when what a page downloads for the package's browser entry (its wasm + its JS, bundled and
// minified as an app's bundler would: scripts/entry-size.mjs) grows past the budget in
// bench/size-budget.json, brotli -11; so size cannot regress unnoticed.
import { readFileSync } from "node:fs";
import { entrySize } from "./entry-size.mjs";

const root = new URL("..", import.meta.url);
const budget = JSON.parse(readFileSync(new URL("bench/size-budget.json", root), "utf8"));
const { wasm, js } = entrySize(root);
const total = wasm + js;
const kib = (n) => (n / 1024).toFixed(1);
console.log(`size: wasm ${kib(wasm)} KiB + JS ${kib(js)} KiB = ${kib(total)} KiB brotli-11 (budget ${kib(budget.maxBrotliBytes)} KiB, goal ${kib(budget.goalBrotliBytes)} KiB)`);
if (total > budget.maxBrotliBytes) {
  console.error(`size: over budget by ${total - budget.maxBrotliBytes} bytes`);
  process.exit(1);
}
