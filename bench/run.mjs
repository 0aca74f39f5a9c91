#!/usr/bin/env node
// `make bench`: runs the four measurements, each in its own `node` process (so one's heap, JIT
// state and timers do not colour the next), prints one table and rewrites the figures section of
// bench/RESULTS.md (between the markers; everything else in the file, such as "Size levers", is
// kept). What each figure means and how it is taken: bench/README.md. No figure is asserted.
//
//   node bench/run.mjs            (after `node scripts/build.mjs`; `make bench` does both)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { log, root } from "./util.mjs";

const BEGIN = "<!-- bench:figures:begin -->";
const END = "<!-- bench:figures:end -->";
const resultsFile = new URL("bench/RESULTS.md", root);
const cwd = fileURLToPath(root);

/** Runs bench/<name>.mjs in a fresh node and returns the JSON it prints. */
function run(name, nodeArgs = []) {
  const t0 = Date.now();
  log(`${name}…`);
  let out;
  try {
    out = execFileSync(process.execPath, [...nodeArgs, fileURLToPath(new URL(`${name}.mjs`, import.meta.url))], {
      cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 << 20,
    });
  } catch (e) {
    log(`${name} failed (${e.signal ?? `exit ${e.status}`}); its error is above. Nothing was written.`);
    process.exit(1);
  }
  log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return JSON.parse(out.trim().split("\n").pop());
}

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

function context() {
  const hash = sh("git", ["rev-parse", "--short", "HEAD"]) ?? "unknown";
  // RESULTS.md itself is rewritten by every run, so it does not make the tree dirty.
  const changes = sh("git", ["status", "--porcelain", "--", ".", ":(exclude)bench/RESULTS.md"]);
  const dirty = changes ? ` dirty (${changes.split("\n").length} changed or untracked paths)` : "";
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: `${hash}${dirty}`,
    version: JSON.parse(readFileSync(new URL("pkg/package.json", root), "utf8")).version,
    machine: `${cpus[0]?.model?.trim() ?? "unknown CPU"}, ${cpus.length} cores, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}; ` +
      `Node ${process.version}; ${sh("rustc", ["--version"]) ?? "rustc not found"}`,
    load: os.loadavg().map((l) => l.toFixed(2)).join(", "),
  };
}

const int = (n) => Math.round(n).toLocaleString("en-US");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const bytes = (n) => `${int(n)} B (${kib(n)})`;
const ms = (n) => `${n.toFixed(1)} ms`;
const us = (n) => `${n.toFixed(1)} µs`;
const signed = (n, fmt) => `${n >= 0 ? "+" : "−"}${fmt(Math.abs(n))}`;

function table({ size, cold, cpu, conc }) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(" | ")} |`);
  const three = (s) => `${bytes(s.raw)} · ${bytes(s.gzip)} · ${bytes(s.brotli)}`;
  const { files, total, baseline, budget } = size;
  row("figure", "mfa-flows", "JS baseline", "note");
  rows.push("|---|---|---|---|");
  row(`1 size: wasm \`${files.wasm.path}\``, three(files.wasm), "–", "raw · gzip -9 · brotli -11");
  row(`1 size: generated glue \`${files.glue.path}\``, three(files.glue), "–", "raw · gzip -9 · brotli -11");
  row(`1 size: entry, client wrapper, MfaError \`${files.snippet.path}\``, three(files.snippet), "–", "raw · gzip -9 · brotli -11");
  row("**1 size: total, raw**", bytes(total.raw), bytes(baseline.raw),
    "the three files above; baseline: `bench/baseline/riffyn.mjs` as written (unminified, with comments)");
  row("**1 size: total, gzip -9**", bytes(total.gzip), bytes(baseline.gzip), "each file compressed on its own, as served");
  const over = size.sizeCheck - budget.maxBrotliBytes;
  row("**1 size: total, brotli -11**", bytes(total.brotli), bytes(baseline.brotli),
    `budget ${bytes(budget.maxBrotliBytes)} on wasm + the entry's JS bundled (size-check): ${int(size.sizeCheck)} B, ` +
    `${over > 0 ? `**over by ${int(over)} B**` : `${int(-over)} B to spare`}; ` +
    `goal ${kib(budget.goalBrotliBytes)}: total is ${(total.brotli / budget.goalBrotliBytes).toFixed(2)}× the goal`);
  row(`1 size: mfa-flows/ui \`${size.ui.path}\``, three(size.ui), "–",
    `the <mfa-challenge> element with its QR encoder, on its own; budget ${bytes(size.ui.maxBrotliBytes)} brotli -11 (size-check)`);
  row(`2 Node cold import, median (p90) of ${cold.package.runs} fresh processes`, `${ms(cold.package.medianMs)} (${ms(cold.package.p90Ms)})`,
    `${ms(cold.baseline.medianMs)} (${ms(cold.baseline.p90Ms)})`,
    `\`import()\` timed inside the child; empty module (loader floor) ${ms(cold.floor.medianMs)}; ` +
    `whole process spawn→exit median ${ms(cold.package.medianProcessMs)} vs ${ms(cold.baseline.medianProcessMs)} (floor ${ms(cold.floor.medianProcessMs)})`);
  row(`3 CPU per flow step, median (p10–p90) of ${cpu.batches} batches × ${int(cpu.batch)} flows`,
    `${us(cpu.sdk.medianUs)} (${us(cpu.sdk.p10Us)}–${us(cpu.sdk.p90Us)})`,
    `${us(cpu.baseline.medianUs)} (${us(cpu.baseline.p10Us)}–${us(cpu.baseline.p90Us)})`,
    `**mfa-flows / baseline = ${cpu.ratio.toFixed(2)}×**; in-process fake fetch, ${int(cpu.flowsPerSubject)} flows each after ${int(cpu.warmup)} warm-up, same process`);
  row(`3 CPU per flow step with \`onEvent\` attached (same batches)`,
    `${us(cpu.sdkEvents.medianUs)} (${us(cpu.sdkEvents.p10Us)}–${us(cpu.sdkEvents.p90Us)})`, "–",
    `**with / without onEvent = ${cpu.eventsRatio.toFixed(3)}×** (goal ≤ 1.05); a handler counting 3 events per step`);
  const sb = conc.sandbox;
  const failed = Object.entries(sb.failures);
  row(`4 ${int(sb.flows)} concurrent flows against the sandbox (child process)`,
    `${int(sb.ok)} SUCCESS, ${failed.length ? failed.map(([c, n]) => `${int(n)} \`${c}\``).join(", ") : "0 failed"}; ` +
      `wall ${(sb.wallMs / 1000).toFixed(1)} s; flow latency median ${(sb.latencyMs.median / 1000).toFixed(1)} s, p99 ${(sb.latencyMs.p99 / 1000).toFixed(1)} s`,
    "–",
    sb.cap ? `all flows started at once; default global fetch behind a semaphore: at most ${int(sb.cap)} requests in flight (peak ${int(sb.peakInFlight)}), the wait counts in the latency`
      : "all flows started at once, no cap on in-flight requests");
  const m = conc.memory;
  if (m) {
    const heap = m.before.heap === null ? "" : `; JS heap after GC ${mib(m.before.heap)} → ${mib(m.after.heap)} (${signed(m.after.heap - m.before.heap, kib)})`;
    row(`4 wasm memory before → after ${int(m.flows)} flows (fake fetch, waves of ${int(m.waveSize)})`,
      `${mib(m.before.wasm)} → ${mib(m.after.wasm)} (${signed(m.after.wasm - m.before.wasm, (n) => `${int(n)} B`)})`, "–",
      `${int(m.ok)} SUCCESS in ${(m.ms / 1000).toFixed(1)} s; ${mib(m.wasmAtImport)} at import, "before" after one warm-up wave${heap}`);
  }
  row(`4 wasm memory after the ${int(sb.flows)} concurrent sandbox flows`, mib(sb.wasmAfter), "–",
    "high-water mark: wasm memory grows and never shrinks");
  return rows.join("\n");
}

/** Figure 5: a Riffyn verify through a backend (proxy.mjs), one table. */
function proxyTable(proxy) {
  const rows = [
    `Figure 5: a Riffyn verify through a backend, ${proxy.connections} connections, median of ${proxy.rounds} rounds of ${proxy.seconds} s (autocannon; every answer the upstream's 401):`,
    "",
    "| backend | req/s | p50 | p99 | × relay (req/s) | server CPU per request (median round) | × relay (CPU) | rounds (req/s) |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  const row = (label, r) => rows.push(`| ${label} | ${int(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${(r.rps / proxy.relay.rps).toFixed(2)} | ` +
    `${us(r.cpuUs)} | ${(r.cpuUs / proxy.relay.cpuUs).toFixed(2)} | ${r.all.join(", ")} |`);
  row("hand-written `fetch` relay (no guard)", proxy.relay);
  row("`createMfaProxy`, `memoryStore`", proxy.memory);
  row("`createMfaProxy`, `redisStore` (node-redis, local redis-server)", proxy.redis);
  row("reference: the same relay on `node:http` (keep-alive agent; no guard)", proxy["relay-http"]);
  return rows.join("\n");
}

function figuresSection(ctx, tableText) {
  return `${BEGIN}
## Figures

- date: ${ctx.date}
- commit: ${ctx.commit} (mfa-flows ${ctx.version}, ${ctx.build})
- machine: ${ctx.machine}
- load average at start (1, 5, 15 min): ${ctx.load}

${tableText}

How each figure is measured: [README.md](README.md). Timings on a shared 2-core machine are noisy; compare
runs on the same machine and look at the spread, not one number.
${END}`;
}

const SKELETON = (figures) => `# mfa-flows benchmark results

Written by \`make bench\` (\`node bench/run.mjs\`). Each run rewrites only the figures section between the
markers; everything else here (the size levers log) is kept.

${figures}

## Size levers

One line per lever tried on the module's size, newest last: what changed, and the brotli -11 bytes of
wasm + browser glue (the figure \`scripts/size-check.mjs\` checks against bench/size-budget.json) before and
after it. Filled in by hand.

| date | lever | commit | before (B) | after (B) | Δ (B) | note |
|---|---|---|---|---|---|---|
`;

function entriesTable(entries) {
  const kib = (n) => (n / 1024).toFixed(1);
  return [
    "| entry | wasm KiB | JS KiB | total KiB | ceiling KiB | goal KiB (issue 13) |",
    "|---|---:|---:|---:|---:|---:|",
    ...Object.entries(entries).map(([name, e]) =>
      `| ${name === "mfa_flows" ? "mfa-flows" : `mfa-flows/${name}`} | ${kib(e.wasm)} | ${kib(e.js)} | **${kib(e.total)}** | ${kib(e.maxBrotliBytes)} | ${kib(e.goalBrotliBytes)}${e.total <= e.goalBrotliBytes ? " (met)" : ""} |`),
  ].join("\n");
}

function writeResults(figures) {
  const old = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "";
  const [b, e] = [old.indexOf(BEGIN), old.indexOf(END)];
  // No markers: a new file from the skeleton, or (never lose a hand-kept log) the figures on top.
  const text = b >= 0 && e > b ? `${old.slice(0, b)}${figures}${old.slice(e + END.length)}`
    : old.trim() ? `${figures}\n\n${old}` : SKELETON(figures);
  writeFileSync(resultsFile, text);
}

const started = Date.now();
const ctx = context();
const results = {
  size: run("size"),
  cold: run("cold-import"),
  cpu: run("cpu"),
  conc: run("concurrency", ["--expose-gc"]),
  proxy: run("proxy"),
};
ctx.build = results.size.build;
const tableText = `${table(results)}

Size per entry point (pkg/, as \`scripts/size-check.mjs\` measures it: brotli -11 of the wasm + the entry's JS bundled):

${entriesTable(results.size.entries)}

${proxyTable(results.proxy)}`;
writeResults(figuresSection(ctx, tableText));
console.log(`\nmfa-flows ${ctx.version}, ${ctx.build}, at ${ctx.commit}, ${ctx.date}\n${ctx.machine}; load ${ctx.load}\n\n${tableText}\n`);
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; written to bench/RESULTS.md`);
