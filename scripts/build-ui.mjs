#!/usr/bin/env node
// mfa-flows/ui: js/ui/ (the <mfa-challenge> element) bundled with its QR encoder (lean-qr/nano)
// and minified by esbuild into <pkg>/ui.js, with its types as <pkg>/ui.d.ts. The encoder is
// bundled, not a dependency: the entry is then one file that any page or bundler loads as is, and
// the 6 KiB budget covers everything a browser downloads for it. Called by scripts/build.mjs;
// `node scripts/build-ui.mjs` alone rebuilds the entry into pkg/ (no cargo) while iterating.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Writes ui.js, ui.d.ts and lean-qr's licence into the package folder `pkg`. */
export async function buildUi(pkg) {
  await build({
    entryPoints: [join(root, "js", "ui", "mfa-challenge.js")],
    outfile: join(pkg, "ui.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    legalComments: "none",
    charset: "utf8", // module scripts are always read as UTF-8; "\\xE1" costs more than "á"
    banner: { js: "/*! mfa-flows/ui; includes lean-qr/nano © David Evans, MIT (LICENSE-lean-qr) */" },
    logLevel: "warning",
  });
  // mfa-flows/messages: the message ids (MESSAGES) and the built-in dictionaries, plain JS.
  await build({
    entryPoints: [join(root, "js", "messages.js")],
    outfile: join(pkg, "messages.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
  });
  copyFileSync(join(root, "js", "messages.d.ts"), join(pkg, "messages.d.ts"));
  copyFileSync(join(root, "js", "ui", "ui.d.ts"), join(pkg, "ui.d.ts"));
  // mfa-flows/ui/react (types only, the opt-in JSX typing) at the path old `node10` resolution finds too.
  mkdirSync(join(pkg, "ui"), { recursive: true });
  copyFileSync(join(root, "js", "ui", "react.d.ts"), join(pkg, "ui", "react.d.ts"));
  copyFileSync(join(root, "node_modules", "lean-qr", "LICENSE"), join(pkg, "LICENSE-lean-qr"));
  console.log("build: ui.js, ui.d.ts (mfa-flows/ui), ui/react.d.ts (mfa-flows/ui/react), messages.js, messages.d.ts (mfa-flows/messages)");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildUi(join(root, "pkg"));
