#!/usr/bin/env node
// Builds the npm package into pkg/: cargo (wasm32, release) → wasm-bindgen --target web (the
// locked version, from .tools/) → wasm-opt -Oz (npm binaryen) → one ES module per host that
// instantiates the wasm on import → package files from pkg-template/.
//
//   node scripts/build.mjs [--dev]     (--dev: debug build, no wasm-opt; faster, larger)

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const finalPkg = join(root, "pkg");
// Assembled in a private folder and renamed into place, so concurrent builds never mix files.
const pkg = join(root, `.pkg-build-${process.pid}`);
const dev = process.argv.includes("--dev");
const profile = dev ? "debug" : "release";
const name = "mfa_flows";

function run(cmd, args, opts = {}) {
  console.log(`build: ${[cmd, ...args].map((a) => relative(root, a) || a).join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
}

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
const bindgen = join(root, ".tools", "bin", "wasm-bindgen");
if (!existsSync(bindgen)) {
  console.error("build: .tools/bin/wasm-bindgen is missing: run `make setup` first");
  process.exit(1);
}

run("cargo", ["build", "--lib", "--target", "wasm32-unknown-unknown", ...(dev ? [] : ["--release"])]);
const wasm = join(root, "target", "wasm32-unknown-unknown", profile, `${name}.wasm`);

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
// --weak-refs: clients are freed by the GC; callers never need `free()`.
run(bindgen, ["--target", "web", "--weak-refs", "--out-dir", pkg, "--out-name", name, wasm]);

const wasmOut = join(pkg, `${name}_bg.wasm`);
if (!dev) {
  run(join(root, "node_modules", ".bin", "wasm-opt"), [
    // --converge: repeat -Oz until the module stops shrinking (~0.3 KB brotli, a few seconds).
    "-Oz", "--converge", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
    "--strip-debug", "--strip-producers", wasmOut, "-o", wasmOut,
  ]);
}

// The snippet that defines MfaError, re-exported from the package's entry points.
const snippetDir = join(pkg, "snippets");
const errorModule = readdirSync(snippetDir, { recursive: true })
  .map((p) => p.toString())
  .find((p) => p.endsWith("mfa_error.js"));
if (!errorModule) throw new Error("build: the MfaError snippet is missing from wasm-bindgen's output");
// The glue ships without its doc comments (they stay in the .d.ts, where editors read them) and
// without indentation: ~2.8 KB less brotli. Only whole-line comments are removed; indentation is
// kept if a multi-line template literal (whose text it would change) ever appears.
const rawGlue = readFileSync(join(pkg, `${name}.js`), "utf8");
const uncommented = rawGlue.replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, "").replace(/^[ \t]*\/\/.*\n/gm, "");
const multiLineTemplate = uncommented.split("\n").some((line) => (line.match(/`/g) ?? []).length % 2 === 1);
const glue = multiLineTemplate ? uncommented : uncommented.replace(/^[ \t]+/gm, "");
if (!glue.includes("async function __wbg_init(") || !glue.includes("function initSync(")) {
  throw new Error("build: unexpected wasm-bindgen glue (no __wbg_init/initSync)");
}
// A freed client (free(), `using`) or a method torn off its client would reach wasm-bindgen's
// shim, which throws a plain Error ("null pointer passed to rust") from inside the module: every
// method of the exported classes first checks its receiver and rejects with an MfaError instead.
const classes = [...glue.matchAll(/^export class (\w+) \{/gm)].map((m) => m[1]);
if (!glue.includes("this.__wbg_ptr = 0;")) throw new Error("build: unexpected wasm-bindgen glue (no __wbg_ptr)");
const errorPath = `./snippets/${errorModule.split("\\").join("/")}`;
const exportsTail = `
export { MfaError, isMfaError } from "${errorPath}";
export const VERSION = ${JSON.stringify(version)};
import { MfaError as __MfaError } from "${errorPath}";
for (const [name, C] of [${classes.map((c) => `["${c}", ${c}]`).join(", ")}]) {
  const define = (key, value) => Object.defineProperty(C.prototype, key, { value, writable: true, configurable: true });
  for (const key of Object.getOwnPropertyNames(C.prototype)) {
    const method = C.prototype[key];
    if (key === "constructor" || key.startsWith("__") || typeof method !== "function") continue;
    if (key === "free") {
      // A second free() is a no-op rather than a throw from inside the module.
      const free = { free() { if (this instanceof C && this.__wbg_ptr) method.call(this); } }.free;
      define("free", free);
      if (Symbol.dispose) define(Symbol.dispose, free);
      continue;
    }
    define(key, { [key](...args) {
      if (this instanceof C && this.__wbg_ptr) return method.apply(this, args);
      return Promise.reject(new __MfaError("invalid_input", name + "." + key + (this instanceof C
        ? ": this client was freed (free() or using) and cannot be used again"
        : ": must be called on a client (client." + key + "(…))")));
    } }[key]);
  }
}
`;
// Browsers and bundlers: instantiate on import (top-level await), so no init call is needed.
writeFileSync(join(pkg, `${name}.js`), `${glue}${exportsTail}
await __wbg_init({ module_or_path: new URL("${name}_bg.wasm", import.meta.url) });
`);
// Node: fetch() cannot read file: URLs, so read the bytes and instantiate synchronously.
writeFileSync(join(pkg, `${name}.node.js`), `${glue}${exportsTail}
import { readFileSync as __mfaReadFileSync } from "node:fs";
initSync({ module: __mfaReadFileSync(new URL("${name}_bg.wasm", import.meta.url)) });
`);
const dts = join(pkg, `${name}.d.ts`);
writeFileSync(dts, `${readFileSync(dts, "utf8")}
/** The package version. */
export const VERSION: string;
`);
rmSync(join(pkg, ".gitignore"), { force: true });
// mfa-flows/server: hand-written JS over the package's own exports (imported by name), and its
// hand-written types.
for (const file of ["server.js", "server.d.ts"]) cpSync(join(root, "js", file), join(pkg, file));

const template = JSON.parse(readFileSync(join(root, "pkg-template", "package.json"), "utf8"));
template.version = version;
writeFileSync(join(pkg, "package.json"), `${JSON.stringify(template, null, 2)}\n`);
// The npm README: the template's header + the usage part of the repository README (one source).
const usage = /<!-- npm:start -->([\s\S]*?)<!-- npm:end -->/.exec(readFileSync(join(root, "README.md"), "utf8"));
if (!usage) throw new Error("build: README.md lacks the <!-- npm:start/end --> markers");
const npmReadme = readFileSync(join(root, "pkg-template", "README.md"), "utf8").replace("{{USAGE}}", usage[1].trim());
writeFileSync(join(pkg, "README.md"), npmReadme);
for (const file of ["LICENSE-MIT", "LICENSE-APACHE"]) {
  if (existsSync(join(root, "pkg-template", file))) cpSync(join(root, "pkg-template", file), join(pkg, file));
}

// mfa-flows/ui: the <mfa-challenge> element (scripts/build-ui.mjs).
await (await import("./build-ui.mjs")).buildUi(pkg);

rmSync(finalPkg, { recursive: true, force: true });
renameSync(pkg, finalPkg);

// Tests, examples and the demo import the package by its name: link node_modules/mfa-flows → pkg.
const link = join(root, "node_modules", "mfa-flows");
mkdirSync(dirname(link), { recursive: true });
let linked = false;
try { linked = lstatSync(link).isSymbolicLink(); } catch {}
if (!linked) {
  rmSync(link, { recursive: true, force: true });
  symlinkSync("../pkg", link, "dir");
}
const size = readFileSync(join(finalPkg, `${name}_bg.wasm`)).length;
console.log(`build: pkg/ ready (mfa-flows ${version}, ${name}_bg.wasm ${size} bytes${dev ? ", debug" : ""})`);
