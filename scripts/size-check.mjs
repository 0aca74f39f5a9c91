#!/usr/bin/env node
// Fails when the shipped module (wasm + the browser JS glue) grows past the budget recorded in
// bench/size-budget.json, brotli -11; so size cannot regress unnoticed.
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const root = new URL("..", import.meta.url);
const budget = JSON.parse(readFileSync(new URL("bench/size-budget.json", root), "utf8"));
const brotli = (file) =>
  brotliCompressSync(readFileSync(new URL(file, root)), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
  }).length;
const wasm = brotli("pkg/mfa_flows_bg.wasm");
const glue = brotli("pkg/mfa_flows.js");
const total = wasm + glue;
const kib = (n) => (n / 1024).toFixed(1);
console.log(`size: wasm ${kib(wasm)} KiB + glue ${kib(glue)} KiB = ${kib(total)} KiB brotli-11 (budget ${kib(budget.maxBrotliBytes)} KiB, goal ${kib(budget.goalBrotliBytes)} KiB)`);
if (total > budget.maxBrotliBytes) {
  console.error(`size: over budget by ${total - budget.maxBrotliBytes} bytes`);
  process.exit(1);
}
// mfa-flows/ui (pkg/ui.js, the QR encoder bundled in) has a budget of its own: the element alone.
const ui = brotli("pkg/ui.js");
console.log(`size: ui ${kib(ui)} KiB brotli-11 (budget ${kib(budget.uiMaxBrotliBytes)} KiB)`);
if (ui > budget.uiMaxBrotliBytes) {
  console.error(`size: mfa-flows/ui over budget by ${ui - budget.uiMaxBrotliBytes} bytes`);
  process.exit(1);
}
