// A consumer project as a new user makes one: `npm pack` of pkg/, then `npm install` of the
// tarball into a fresh folder, with the fixtures of this folder copied in.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));

/**
 * Packs pkg/ into `work` and installs it, with `packages` from npm, into `app` (created) where the
 * `fixtures` (path here → path in app) are copied; returns the installed version.
 */
export function packAndInstall(work, app, { fixtures = { "riffyn-login.js": "riffyn-login.js", node: "node", web: "web" }, packages = [] } = {}) {
  const npm = (args, cwd) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
  const tarball = join(work, JSON.parse(npm(["pack", pkgDir, "--json", "--pack-destination", work], work))[0].filename);
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
  for (const [from, to] of Object.entries(fixtures)) cpSync(join(here, from), join(app, to), { recursive: true });
  npm(["install", "--ignore-scripts", "--no-package-lock", "--prefer-offline", tarball, ...packages], app);
  const { version } = JSON.parse(readFileSync(join(app, "node_modules", "mfa-flows", "package.json"), "utf8"));
  return { tarball, version };
}
