// <mfa-challenge>'s React typing is opt-in (mfa-flows/ui/react), under `tsc --strict` with
// skipLibCheck off: a React project (with @types/react) that opts in gets the typed JSX tag
// (js-tests/types/ui-react.tsx, by import, and ui-react-reference.tsx, by triple-slash reference),
// and a project with `react` installed but not @types/react compiles mfa-flows/ui's types (no
// TS2665). The second runs in a project outside the repository, so that "react" cannot resolve to
// the repository's @types/react.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const run = (project) =>
  promisify(execFile)(process.execPath, [tsc, "-p", project], { cwd: root }).then(
    () => "",
    (error) => `${error.stdout}${error.stderr}`,
  );

test("a React project that opts in (import or reference) gets <mfa-challenge> typed in JSX", { timeout: 120_000 }, async () => {
  assert.equal(await run(join(root, "js-tests/types/tsconfig.react.json")), "");
});

test("a strict project with react but no @types/react, skipLibCheck off, compiles mfa-flows/ui", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "mfa-untyped-react-"));
  try {
    const modules = join(dir, "node_modules");
    mkdirSync(join(modules, "react"), { recursive: true });
    writeFileSync(join(modules, "react", "package.json"), JSON.stringify({ name: "react", version: "19.0.0", main: "index.js" }));
    writeFileSync(join(modules, "react", "index.js"), "module.exports = {};\n");
    // The package as installed (a copy, not the repository's symlink), without its WebAssembly.
    cpSync(join(root, "pkg"), join(modules, "mfa-flows"), { recursive: true, filter: (src) => !src.endsWith(".wasm") });
    for (const file of ["consumer.ts", "tsconfig.json"]) cpSync(join(root, "js-tests/types/untyped-react", file), join(dir, file));
    assert.equal(await run(join(dir, "tsconfig.json")), "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
