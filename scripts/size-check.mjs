#!/usr/bin/env node
// Fails when what a page downloads for any browser entry of the package (its wasm + its JS, bundled
// and minified as an app's bundler would: scripts/entry-size.mjs) grows past its ceiling in
// bench/size-budget.json or its goal (issue 13's budget), brotli -11; so size cannot regress unnoticed.
import { readFileSync } from "node:fs";
import { brotli, entrySize } from "./entry-size.mjs";

const root = new URL("..", import.meta.url);
const budget = JSON.parse(readFileSync(new URL("bench/size-budget.json", root), "utf8"));
const kib = (n) => (n / 1024).toFixed(1);
let over = 0;
const measured = {}; // npm subpath → KiB as the docs print it
// Over its ceiling or over issue 13's goal: both fail.
const check = (label, total, max, goal) => {
  const limit = Math.min(max, goal ?? max);
  const status = total > limit ? `OVER by ${total - limit} B` : "ok";
  console.log(`size: ${label.padEnd(28)} ${kib(total).padStart(5)} KiB brotli-11 (ceiling ${kib(max)}${goal ? `, goal ${kib(goal)}` : ""} KiB): ${status}`);
  if (total > limit) over += 1;
};
for (const [name, { maxBrotliBytes, goalBrotliBytes }] of Object.entries(budget.entries)) {
  const { wasm, js } = entrySize(root, name);
  check(`${name} (wasm ${kib(wasm)} + JS ${kib(js)})`, wasm + js, maxBrotliBytes, goalBrotliBytes);
  measured[name === "mfa_flows" ? "mfa-flows" : `mfa-flows/${name}`] = kib(wasm + js);
}
// mfa-flows/ui (pkg/ui.js, the QR encoder bundled in): the element alone.
const ui = brotli(readFileSync(new URL("pkg/ui.js", root)));
check("ui (pkg/ui.js)", ui, budget.ui.maxBrotliBytes);
measured["mfa-flows/ui"] = kib(ui);

// The sizes the docs' entry tables state (a row naming `mfa-flows…` and "N.N KiB") are the measured ones.
let stale = 0;
for (const doc of ["README.md", "docs/API.md"]) {
  for (const row of readFileSync(new URL(doc, root), "utf8").split("\n").filter((l) => l.startsWith("|"))) {
    const entry = /`(mfa-flows(?:\/[a-z]+)?)`/.exec(row)?.[1];
    const stated = /\| (\d+\.\d) KiB/.exec(row)?.[1];
    if (!entry || !stated || !(entry in measured)) continue;
    if (Math.abs(Number(stated) - Number(measured[entry])) > 0.15) {
      console.error(`size: ${doc} says ${entry} is ${stated} KiB; it is ${measured[entry]} KiB`);
      stale += 1;
    }
  }
}
if (stale) {
  console.error(`size: ${stale} size${stale === 1 ? "" : "s"} in the docs out of date`);
  process.exitCode = 1;
}
if (over) {
  console.error(`size: ${over} entr${over === 1 ? "y" : "ies"} over the ceiling or goal in bench/size-budget.json`);
  process.exit(1);
}
