#!/usr/bin/env node
// Builds the npm package into pkg/ from the entries table below. For each wasm entry: cargo
// (wasm32, release, the entry's features) → wasm-bindgen --target web (the locked version, from
// .tools/) → wasm-opt -Oz (npm binaryen) → the glue minified by esbuild → pkg/lib/. The entry
// modules themselves are committed (js/entries/, js/lib/): they import the generated glue and wrap
// it by composition; nothing generated is edited. Then package.json (exports from the table),
// README and licenses.
//
//   node scripts/build.mjs [--dev]     (--dev: debug build, no wasm-opt, glue not minified)
//
// Layout of pkg/:
//   <name>.js            browser/bundler entry: fetches lib/<name>_bg.wasm on import (top-level await)
//   <name>.embedded.js   the same API with the module inside (Node, Deno, Bun, server bundles, esbuild)
//   <name>.workerd.js    the same API with the module as a `.wasm` import (Cloudflare Workers)
//   <name>.d.ts          its types, one file (js/entries/<name>.d.ts with what it uses rolled in)
//   lib/                 generated glue (minified) + wasm (+ snippets), the embedded bytes, shared JS
//                        (MfaError, the client wrapper, the proxy: readable, as in js/lib/)
//                        (no .d.ts: their declarations are in the entries')

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The package's entry points, each a wasm module built from the one crate with the entry's cargo
 * `features`, with js/entries/<name>.js, .embedded.js and .d.ts; `exports` is checked against what
 * the built entry really exports. (mfa-flows/ui is plain JS: scripts/build-ui.mjs.)
 */
const entries = [
  {
    // Every client and TOTP, not the proxy's bindings (a page never uses them: mfa-flows/server).
    subpath: ".", name: "mfa_flows", features: ["riffyn", "belvo", "onelogin", "totp"],
    exports: ["BelvoClient", "MfaError", "OneLoginClient", "RiffynClient", "VERSION", "isMfaError", "otpauthUri",
      "parseOtpauthUri", "toChallenge", "totp"],
  },
  // One smaller module per provider page, and one for TOTP (issue: a page pays only for its provider).
  { subpath: "./riffyn", name: "riffyn", features: ["riffyn"], exports: ["MfaError", "RiffynClient", "VERSION", "isMfaError", "toChallenge"] },
  { subpath: "./belvo", name: "belvo", features: ["belvo"], exports: ["BelvoClient", "MfaError", "VERSION", "isMfaError", "toChallenge"] },
  { subpath: "./onelogin", name: "onelogin", features: ["onelogin"], exports: ["MfaError", "OneLoginClient", "VERSION", "isMfaError", "toChallenge"] },
  // At opt-level "s" (Cargo.toml's `release-s` profile): smaller than "z" for this module alone.
  { subpath: "./totp", name: "totp", features: ["totp"], cargoProfile: "release-s", exports: ["MfaError", "VERSION", "isMfaError", "otpauthUri", "parseOtpauthUri", "totp"] },
  // The backend half: its own module (the `proxy` feature: the proxy and the three providers).
  { subpath: "./server", name: "server", features: ["proxy"], exports: ["createMfaProxy", "memoryStore", "redisStore"] },
];

const finalPkg = join(root, "pkg");
// Assembled in a private folder and renamed into place, so concurrent builds never mix files.
const pkg = join(root, `.pkg-build-${process.pid}`);
const lib = join(pkg, "lib");
const dev = process.argv.includes("--dev");
const profile = dev ? "debug" : "release";

function run(cmd, args, opts = {}) {
  console.log(`build: ${[cmd, ...args].map((a) => relative(root, a) || a).join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
}

const bindgen = join(root, ".tools", "bin", "wasm-bindgen");
if (!existsSync(bindgen)) {
  console.error("build: .tools/bin/wasm-bindgen is missing: run `make setup` first");
  process.exit(1);
}

rmSync(pkg, { recursive: true, force: true });
mkdirSync(lib, { recursive: true });
// The modules every wasm entry shares: one MfaError class for all (the glue imports it as
// "./mfa_error.js"), the client wrapper, and their types.
cpSync(join(root, "js", "lib"), lib, { recursive: true });

const template = JSON.parse(readFileSync(join(root, "pkg-template", "package.json"), "utf8"));
// exports, files and sideEffects come from the entries table (after any the template lists itself).
const fromTemplate = { exports: template.exports ?? {}, files: template.files ?? [], sideEffects: template.sideEffects ?? [] };
template.exports = {};
template.files = ["lib/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"];
template.sideEffects = [];

for (const entry of entries) {
  const { name } = entry;
  const features = ["--no-default-features", "--features", entry.features.join(",")];
  const cargoProfile = dev ? profile : entry.cargoProfile ?? profile;
  run("cargo", ["build", "--lib", "--target", "wasm32-unknown-unknown", ...features, ...(dev ? [] : ["--profile", cargoProfile])]);
  const built = join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "wasm32-unknown-unknown", cargoProfile, "mfa_flows.wasm");
  // --weak-refs: clients are freed by the GC; callers never need `free()`.
  run(bindgen, ["--target", "web", "--weak-refs", "--out-dir", lib, "--out-name", name, built]);
  const wasm = join(lib, `${name}_bg.wasm`);
  if (!dev) {
    run(join(root, "node_modules", ".bin", "wasm-opt"), [
      // --converge: repeat -Oz until the module stops shrinking (~0.3 KB brotli, a few seconds).
      "-Oz", "--converge", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
      "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
      "--strip-debug", "--strip-producers", wasm, "-o", wasm,
    ]);
  }
  rmSync(join(lib, `${name}_bg.wasm.d.ts`), { force: true });
  // The module's bytes for the .embedded.js entry (no file read, no fetch: see README, bundlers).
  writeFileSync(join(lib, `${name}_bg.wasm.js`),
    `// ${name}_bg.wasm as base64, for ${name}.embedded.js.\nexport default ${JSON.stringify(readFileSync(wasm).toString("base64"))};\n`);
  for (const file of [`${name}.js`, `${name}.embedded.js`, `${name}.d.ts`]) cpSync(join(root, "js", "entries", file), join(pkg, file));
  writeFileSync(join(pkg, `${name}.workerd.js`), workerdEntry(name));
  const types = `./${name}.d.ts`;
  const embedded = { types, default: `./${name}.embedded.js` };
  const workerd = `./${name}.workerd.js`;
  // Cloudflare Workers (wrangler, and esbuild or Miniflare with these conditions) get the module as
  // a `.wasm` import, which workerd compiles at upload: it refuses to compile bytes at run time.
  // Node, Deno and Bun all match "node": they get the embedded module (no file read, so Deno needs
  // no --allow-read and Next.js server chunks work). Browsers and bundlers get the .wasm file.
  template.exports[entry.subpath] = { types, workerd, worker: workerd, node: embedded.default, default: `./${name}.js` };
  template.exports[entry.subpath === "." ? "./embedded" : `${entry.subpath}/embedded`] = embedded;
  template.files.push(`${name}.js`, `${name}.embedded.js`, `${name}.workerd.js`, `${name}.d.ts`);
  // The loaders instantiate the module when evaluated: a bundler must never skip them, even
  // though every export they offer comes from lib/ (which is free of side effects).
  template.sideEffects.push(`./${name}.js`, `./${name}.embedded.js`, workerd);
}
rmSync(join(lib, ".gitignore"), { force: true });
// mfa-flows/ui: the <mfa-challenge> element, bundled with its QR encoder (scripts/build-ui.mjs);
// its exports, files and side effects are listed in pkg-template/package.json.
await (await import("./build-ui.mjs")).buildUi(pkg);
// mfa-flows/testing (Node only; pkg-template/package.json lists its export, files and bin): the
// repository's sandbox as it is, without its own tests, and the entry over it.
mkdirSync(join(pkg, "sandbox"));
for (const file of readdirSync(join(root, "sandbox"))) {
  if ((file.endsWith(".mjs") && file !== "test-support.mjs") || file === "README.md") cpSync(join(root, "sandbox", file), join(pkg, "sandbox", file));
}
for (const file of ["testing.js", "testing.browser.js", "testing.d.ts"]) cpSync(join(root, "js", "testing", file), join(pkg, file));
// The generated glue ships with short names and compacted syntax, as a page loads it without a
// bundler, but keeps its line breaks: Node prints the line of a synchronous throw (an uncaught
// MfaError from a constructor under `require`, or in a timer), which must not be the whole file.
// (Not `lineLimit`: it splits string literals, and Vite then misreads `new URL("…_bg.wasm", …)`.)
// Our own modules in lib/ (MfaError, the client wrapper, the proxy's JS) ship as written, so that a
// stack through them reads as code. Size budgets measure a minified bundle either way.
if (!dev) {
  for (const entry of entries) {
    const path = join(lib, `${entry.name}.js`);
    const options = { minifyIdentifiers: true, minifySyntax: true, format: "esm", target: "es2022" };
    writeFileSync(path, transformSync(readFileSync(path, "utf8"), options).code);
  }
}
writeFileSync(join(lib, "clients.d.ts"), clientDeclarations(readFileSync(join(lib, "mfa_flows.d.ts"), "utf8")));
template.types = "./mfa_flows.d.ts"; // for TypeScript's old `node10` resolution, which ignores exports
Object.assign(template.exports, fromTemplate.exports, { "./package.json": "./package.json" });
template.files.push(...fromTemplate.files);
template.sideEffects.push(...fromTemplate.sideEffects);

// Every wasm entry really exports what the table says (nothing more: the glue's init functions
// and bindings stay internal), and the version comes from the crate itself.
let version;
for (const entry of entries) {
  const m = await import(pathToFileURL(join(pkg, `${entry.name}.embedded.js`)).href);
  const names = Object.keys(m).sort();
  if (JSON.stringify(names) !== JSON.stringify([...entry.exports].sort())) {
    throw new Error(`build: ${entry.subpath} exports ${names.join(", ")}; the entries table says ${entry.exports.join(", ")}`);
  }
  version ??= m.VERSION;
}
template.version = version;

// Each entry's types as one file: rollup-plugin-dts keeps what the committed <name>.d.ts exports and
// the declarations those use, so the glue's init functions and InitOutput are in no shipped file.
for (const entry of entries) {
  const types = join(pkg, `${entry.name}.d.ts`);
  const bundle = await rollup({ input: types, plugins: [dts()] });
  writeFileSync(types, withCodeDocs(oneDeclarationEach((await bundle.generate({ format: "es" })).output[0].code, types)));
  await bundle.close();
}
for (const file of readdirSync(lib).filter((f) => f.endsWith(".d.ts"))) rmSync(join(lib, file));
writeFileSync(join(pkg, "package.json"), `${JSON.stringify(template, null, 2)}\n`);

// The npm README: the template's header + the usage part of the repository README (one source).
const usage = /<!-- npm:start -->([\s\S]*?)<!-- npm:end -->/.exec(readFileSync(join(root, "README.md"), "utf8"));
if (!usage) throw new Error("build: README.md lacks the <!-- npm:start/end --> markers");
const npmReadme = readFileSync(join(root, "pkg-template", "README.md"), "utf8").replace("{{USAGE}}", usage[1].trim());
writeFileSync(join(pkg, "README.md"), npmReadme);
for (const file of ["LICENSE-MIT", "LICENSE-APACHE"]) cpSync(join(root, file), join(pkg, file));

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
/**
 * `<name>.workerd.js`: `<name>.embedded.js` with the module imported as a `.wasm` file (a
 * `WebAssembly.Module` in workerd and wrangler) rather than bytes compiled at run time.
 */
function workerdEntry(name) {
  const embedded = readFileSync(join(root, "js", "entries", `${name}.embedded.js`), "utf8");
  const swaps = [
    [/^\/\/ .*\n(\/\/ .*\n)*/, `// mfa-flows${name === "mfa_flows" ? "" : `/${name}`} for Cloudflare Workers (the "workerd" and "worker" conditions): the\n// module is a .wasm import, which workerd compiles at upload (it refuses bytes at run time).\n`],
    [`import base64 from "./lib/${name}_bg.wasm.js";\n`, `import wasm from "./lib/${name}_bg.wasm";\n`],
    [`import { wasmBytes } from "./lib/client.js";\n`, ""],
    ["initSync({ module: wasmBytes(base64) });", "initSync({ module: wasm });"],
  ];
  return swaps.reduce((text, [from, to]) => {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`build: ${name}.embedded.js no longer has ${from}: update workerdEntry`);
    return next;
  }, embedded);
}

/**
 * One declaration per type: an entry's types come from the glue of its own module and from the
 * whole SDK's (lib/clients.d.ts), which declare the same types, and rollup-plugin-dts keeps both as
 * `X` and `X$1`, names that then show in editors' hovers. Each `X$1` must be the same text as `X`.
 */
function oneDeclarationEach(code, file) {
  const chunks = code.replace(/^\/\* (?:tslint:disable|eslint-disable) \*\/\n/gm, "").split(/\n\n(?=\S)/);
  const declared = (chunk) => /^(?:declare )?(?:interface|type|class|function|const|enum) ([\w$]+)/m.exec(chunk)?.[1];
  const byName = new Map(chunks.map((chunk) => [declared(chunk), chunk]));
  const plain = (text) => text.replace(/\b([A-Za-z_]\w*)\$\d+\b/g, "$1");
  const copies = new Set();
  for (const [name, chunk] of byName) {
    if (!name || !/\$\d+$/.test(name)) continue;
    // Compared with white space folded: the glues wrap a long union at different places.
    const folded = (text) => text?.replace(/\s+/g, " ").trim();
    if (folded(plain(chunk)) !== folded(byName.get(plain(name)))) throw new Error(`build: ${file}: ${name} differs from ${plain(name)}`);
    copies.add(chunk);
  }
  return plain(chunks.filter((chunk) => !copies.has(chunk)).join("\n\n")).replace(/\b(\w+) as \1\b/g, "$1");
}

/**
 * lib/clients.d.ts: the public client classes. js/lib/client.js wraps each generated class with the
 * same methods, so their declarations are the glue's (the Rust doc comments, src/wasm/<provider>.rs),
 * taken from the whole SDK's glue. Only the wrapper's own members get their docs here: `free()`
 * and `[Symbol.dispose]`, which an older TypeScript lib does not know.
 */
function clientDeclarations(glue) {
  const classes = ["BelvoClient", "OneLoginClient", "RiffynClient"].map((name) => {
    const found = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\n)?export class ${name} \\{\\n[\\s\\S]*?\\n\\}\\n`).exec(glue);
    if (!found) throw new Error(`build: the glue declares no class ${name}`);
    const wrapper = `  /**
   * Releases the client's memory in the module now. Optional: a client is freed by the garbage
   * collector once unreachable. Calls already started still complete; later calls reject with
   * \`MfaError\` \`invalid_input\`; a second \`free()\` does nothing.
   */
  free(): void;
  /**
   * \`free()\`, for \`using client = new …(…)\` (where the host has \`Symbol.dispose\`). Needs the
   * TypeScript lib \`esnext.disposable\` (or \`esnext\`); with an older lib this member is ignored.
   */
  // @ts-ignore TS2550 without lib esnext.disposable: the rest of the class stays typed.
  [Symbol.dispose](): void;
`;
    const text = found[0].replace(`export class ${name}`, `export declare class ${name}`)
      .replace(/^ {4}/gm, "  ")
      .replace(/^ {2}free\(\): void;\n {2}\[Symbol\.dispose\]\(\): void;\n/m, "!WRAPPER!");
    if (!text.includes("!WRAPPER!")) throw new Error(`build: the glue's ${name} has no free() and [Symbol.dispose]: update clientDeclarations`);
    return text.replace("!WRAPPER!", wrapper);
  });
  // The types the signatures use (not the words of the docs).
  const signatures = classes.join("\n").split("\n").filter((line) => !/^\s*(\/\*\*|\*|\/\/)/.test(line)).join("\n");
  const used = [...new Set(signatures.match(/\b(?:Belvo|OneLogin|Riffyn|Call|Client)\w*\b/g))]
    .filter((type) => !/Client$/.test(type)).sort();
  return `// The public client classes of the package (js/lib/client.js makes them around the generated
// bindings), as the build writes them from the glue's declarations: generated, do not edit.
import type { ${used.join(", ")} } from "./mfa_flows.js";

${classes.join("\n")}`;
}

/** `MfaErrorCode` with each code's own doc comment (the Rust enum's, src/error.rs). */
function withCodeDocs(code) {
  const rust = readFileSync(join(root, "src", "error.rs"), "utf8");
  const body = /pub enum MfaErrorCode \{([\s\S]*?)\n    \}/.exec(rust)[1];
  const members = [...body.matchAll(/((?:\s*\/\/\/.*\n)+)\s*\w+ = ("\w+"),/g)]
    .map(([, docs, wire]) => `    /** ${docs.trim().split("\n").map((l) => l.trim().replace(/^\/\/\/ ?/, "")).join(" ")} */\n    | ${wire}`);
  return code.replace(/^type MfaErrorCode = ("\w+"(?: \| "\w+")*);$/m, (line, union) => {
    if (members.length !== union.split(" | ").length) throw new Error("build: MfaErrorCode's docs do not match its members");
    return `type MfaErrorCode =\n${members.join("\n")};`;
  });
}

const sizes = entries
  .map((e) => `${e.name}_bg.wasm ${readFileSync(join(finalPkg, "lib", `${e.name}_bg.wasm`)).length} bytes`);
console.log(`build: pkg/ ready (mfa-flows ${version}, ${sizes.join(", ")}${dev ? ", debug" : ""})`);
