// Size per entry point: builds the crate once per feature set (one npm entry's module each) with
// cargo → the locked wasm-bindgen (--target web --weak-refs) → wasm-opt -Oz --converge (npm
// binaryen, the flags of scripts/build.mjs), into a temporary folder, and prints brotli -11 of
// wasm + glue per entry against its goal. pkg/ is not touched. A tool for size work (--keep, --names);
// `make bench` and the size check measure the entries of pkg/ themselves (scripts/entry-size.mjs).
//
//   node bench/size-entries.mjs [entry…] [--keep DIR] [--names]
//     entry:   whole, riffyn, belvo, onelogin, totp (default: all)
//     --keep:  leave each entry's files in DIR/<entry>/ (e.g. for twiggy)
//     --names: keep the wasm name section (wasm-opt -g: function names; sizes are then larger)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { isMain, log, root } from "./util.mjs";

const cwd = fileURLToPath(root);
const name = "mfa_flows";

const goals = JSON.parse(readFileSync(new URL("bench/size-budget.json", root), "utf8")).entries;
/** Each entry's cargo features and goal (KiB brotli -11, wasm + glue; issue 13, bench/size-budget.json). */
export const ENTRIES = {
  whole: { features: "riffyn,belvo,onelogin,totp", budgetKiB: goals.mfa_flows.goalBrotliBytes / 1024 },
  riffyn: { features: "riffyn", budgetKiB: goals.riffyn.goalBrotliBytes / 1024 },
  belvo: { features: "belvo", budgetKiB: goals.belvo.goalBrotliBytes / 1024 },
  onelogin: { features: "onelogin", budgetKiB: goals.onelogin.goalBrotliBytes / 1024 },
  // Cargo.toml's `release-s` profile, as scripts/build.mjs builds it.
  totp: { features: "totp", profile: "release-s", budgetKiB: goals.totp.goalBrotliBytes / 1024 },
};

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
  }).length;

// The glue as scripts/build.mjs shipped it when this was written (whole-line comments and
// indentation removed); replace with build.mjs's minifier once it exports one.
function stripGlue(js) {
  const uncommented = js.replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, "").replace(/^[ \t]*\/\/.*\n/gm, "");
  const multiLineTemplate = uncommented.split("\n").some((line) => (line.match(/`/g) ?? []).length % 2 === 1);
  return multiLineTemplate ? uncommented : uncommented.replace(/^[ \t]+/gm, "");
}

function run(cmd, args) {
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
}

/** Builds one entry into `dir` and returns its sizes in bytes. */
export function buildEntry(entry, dir, { names = false } = {}) {
  const { features, profile = "release" } = ENTRIES[entry];
  const featureArgs = features ? ["--no-default-features", "--features", features] : [];
  run("cargo", ["build", "--quiet", "--lib", "--target", "wasm32-unknown-unknown", "--profile", profile, ...featureArgs]);
  mkdirSync(dir, { recursive: true });
  const raw = join(dir, `${name}.wasm`);
  copyFileSync(join(cwd, "target", "wasm32-unknown-unknown", profile, `${name}.wasm`), raw);
  run(join(cwd, ".tools", "bin", "wasm-bindgen"), ["--target", "web", "--weak-refs", "--out-dir", dir, "--out-name", name, raw]);
  const wasm = join(dir, `${name}_bg.wasm`);
  run(join(cwd, "node_modules", ".bin", "wasm-opt"), [
    "-Oz", "--converge", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
    ...(names ? ["-g"] : ["--strip-debug"]), "--strip-producers", wasm, "-o", wasm,
  ]);
  const wasmBytes = readFileSync(wasm);
  const glue = Buffer.from(stripGlue(readFileSync(join(dir, `${name}.js`), "utf8")));
  return {
    wasmRaw: wasmBytes.length,
    wasm: brotli(wasmBytes),
    glue: brotli(glue),
    total: brotli(wasmBytes) + brotli(glue),
  };
}

export function measure(entries = Object.keys(ENTRIES), { keep = null, names = false } = {}) {
  const base = keep ?? mkdtempSync(join(tmpdir(), "mfa-size-"));
  const result = {};
  try {
    for (const entry of entries) {
      const t0 = Date.now();
      log(`size-entries: ${entry}…`);
      const sizes = buildEntry(entry, join(base, entry), { names });
      const budget = ENTRIES[entry].budgetKiB * 1024;
      result[entry] = { ...sizes, budget, ok: sizes.total <= budget };
      log(`size-entries: ${entry} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    if (!keep) rmSync(base, { recursive: true, force: true });
  }
  return result;
}

export function table(result) {
  const kib = (n) => (n / 1024).toFixed(1);
  const rows = Object.entries(result).map(([entry, r]) =>
    `| ${entry} | ${r.wasmRaw.toLocaleString("en")} | ${kib(r.wasm)} | ${kib(r.glue)} | **${kib(r.total)}** (${r.total.toLocaleString("en")} B) | ${kib(r.budget)} | ${r.ok ? "met" : `over by ${(r.total - r.budget).toLocaleString("en")} B`} |`);
  return [
    "| entry | wasm raw B | wasm brotli KiB | glue brotli KiB | total brotli KiB | budget KiB | |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...rows,
  ].join("\n");
}

if (isMain(import.meta)) {
  const args = process.argv.slice(2);
  const keepAt = args.indexOf("--keep");
  const keep = keepAt >= 0 ? args[keepAt + 1] : null;
  const entries = args.filter((a, i) => !a.startsWith("--") && (keepAt < 0 || i !== keepAt + 1));
  for (const e of entries) if (!ENTRIES[e]) throw new Error(`unknown entry ${e} (${Object.keys(ENTRIES).join(", ")})`);
  const result = measure(entries.length ? entries : undefined, { keep, names: args.includes("--names") });
  console.log(table(result));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
