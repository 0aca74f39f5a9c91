// Every code block of README.md and docs/*.md is a test, by its info string (the convention is in
// docs/CONTRIBUTING.md, "Code blocks are tests"): `js` runs in Node against the sandbox on the stage
// below; `js browser` runs in Chromium on a page with a login form, behind mfa-flows/server; `js fragment` (and an html block's module script) must parse and import only what the package
// exports; `ts` compiles under `tsc --strict`; `ts declarations` compiles as a .d.ts with the package's
// types in scope; `ts outline` (a signature in TS-like notation that no compiler reads) must name only
// types the package exports or the block declares; `json` must parse; shell, output and framework
// templates (NOT_RUN) are not run. Any other info string fails, so a new block has to choose.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:http";
import { transform } from "esbuild";
import { sandbox } from "./helpers.mjs";
import { launchChromium, newPage } from "./browser.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const docs = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const NOT_RUN = new Set(["sh", "bash", "console", "text", "http", "nginx", "jsx", "tsx", "vue", "svelte", "rust", "toml", ""]);

/** The fenced blocks of a Markdown file: { file, line, info: [lang, ...attributes], code }. */
export function blocks(file) {
  const out = [];
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith(open[1]) && l.trim() === open[1]);
    assert.ok(end > i, `${file}:${i + 1}: an unclosed code block`);
    out.push({ file, line: i + 1, info: open[2].trim().split(/\s+/).filter(Boolean), code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return out;
}

const all = docs.flatMap(blocks);
const name = (b) => `${b.file}:${b.line} (${b.info.join(" ") || "no info string"})`;
const kind = (b) => b.info.join(" ");
let sb, work;

before(async () => {
  sb = await sandbox();
  // Inside the repository, so that `mfa-flows` resolves to the built package (node_modules/mfa-flows → pkg).
  work = mkdtempSync(join(root, "js-tests", ".docs-"));
});
after(async () => {
  await sb?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("every code block says what it is (the convention of docs/CONTRIBUTING.md)", () => {
  const known = new Set(["js", "js browser", "js fragment", "ts", "ts declarations", "ts outline", "html", "json", ...NOT_RUN]);
  for (const b of all) assert.ok(known.has(kind(b)), `${name(b)}: info string must be one of ${[...known].map((k) => `"${k}"`).join(", ")}`);
  // Most blocks are really executed or compiled, not only parsed.
  const run = all.filter((b) => ["js", "js browser", "ts", "ts declarations"].includes(kind(b))).length;
  const unrun = all.filter((b) => ["js fragment", "ts outline"].includes(kind(b))).length;
  assert.ok(run >= unrun / 2, `only ${run} blocks run or compile, against ${unrun} only parsed`);
});

test("a snippet that handles a form's submit stops the browser's own submission", () => {
  // Without preventDefault() the browser submits the form itself: the password goes into the URL
  // and the history, and the page reloads before the login runs (issue 24).
  for (const b of all.filter((b) => /^(js|html)/.test(kind(b)))) {
    if (/\.onsubmit\s*=|addEventListener\(\s*"submit"/.test(b.code)) assert.match(b.code, /\.preventDefault\(\)/, name(b));
  }
});

for (const b of all.filter((b) => kind(b) === "json" || kind(b) === "html")) {
  test(`${name(b)}: its JSON parses (an html block: its import maps)`, () => {
    const texts = kind(b) === "json" ? [b.code] : [...b.code.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    for (const text of texts) assert.doesNotThrow(() => JSON.parse(text), name(b));
  });
}

/** What the package exports, by subpath (from the built package). */
async function exportsOf(specifier) {
  return Object.keys(await import(specifier));
}

/** A block's module code as a module (an html block: its `<script type="module">`). */
const scriptOf = (b) => (b.info[0] === "html" ? [...b.code.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n") : b.code);

for (const b of all.filter((b) => ["js fragment", "html", "js", "js browser"].includes(kind(b)))) {
  test(`${name(b)}: parses as a module and imports only what the package exports`, async () => {
    const code = scriptOf(b);
    await transform(code, { format: "esm", loader: "js", target: "es2022", sourcefile: name(b) });
    for (const [, names, from] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(mfa-flows[^"]*)"/g)) {
      const real = await exportsOf(from);
      for (const n of names.split(",").map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
        assert.ok(real.includes(n), `${name(b)}: ${from} exports no ${n}`);
      }
    }
  });
}

for (const b of all.filter((b) => kind(b) === "js")) {
  test(`${name(b)}: runs in Node against the sandbox`, async () => {
    const file = join(work, `block-${b.file.replace(/\W/g, "_")}-${b.line}.mjs`);
    writeFileSync(file, `import ${JSON.stringify(join(root, "js-tests", "docs-stage.mjs"))};\n${b.code}\n`);
    const env = { ...process.env, DOCS_SANDBOX_URL: sb.url, ...stageEnv(sb.url) };
    await promisify(execFile)(process.execPath, [file], { cwd: work, env, timeout: 60_000 }).catch((e) => {
      assert.fail(`${name(b)} failed:\n${e.stderr || e.message}`);
    });
  });
}

const browserBlocks = all.filter((b) => kind(b) === "js browser");
for (const b of browserBlocks) {
  test(`${name(b)}: runs in Chromium behind mfa-flows/server; a form it handles logs in without leaving the page`, { timeout: 90_000 }, async () => {
    const { createMfaProxy } = await import("mfa-flows/server");
    const proxy = createMfaProxy({
      basePath: "/mfa", subject: () => "docs", authorize: () => true,   // the stage's own backend, not an example
      riffyn: { baseUrl: `${sb.url}/riffyn/v1` },
      belvo: { baseUrl: `${sb.url}/belvo`, secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" },
      onelogin: { baseUrl: `${sb.url}/onelogin`, clientId: "sbx-client-id", clientSecret: "sbx-client-secret" },
    });
    const server = await servePage(browserPage(b.code), proxy);
    const browser = await launchChromium();
    try {
      const { page, errors } = await newPage(browser);
      const url = `http://127.0.0.1:${server.address().port}/login`;
      await page.goto(url);
      await page.waitForSelector("body[data-ran]", { timeout: 30_000 });
      if (await page.evaluate(() => typeof form.onsubmit === "function" || document.body.dataset.listens === "1")) {
        await page.fill("#username", "alice");
        await page.fill("#password", "correct-horse-battery");
        await page.click("button[type=submit]");
        await page.waitForSelector("body[data-token]", { timeout: 30_000 });
        assert.equal(page.url(), url, `${name(b)}: the browser submitted the form itself`);
      }
      assert.deepEqual(errors, [], name(b));
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r).closeAllConnections());
    }
  });
}

/**
 * The page a `js browser` block runs in: a login form, an import map for the package's entries
 * (served at /pkg/), the stage (the names a snippet leaves to your app), then the block.
 */
function browserPage(code) {
  const entries = ["mfa_flows", "riffyn", "belvo", "onelogin", "totp"];
  const imports = Object.fromEntries(entries.map((e) => [e === "mfa_flows" ? "mfa-flows" : `mfa-flows/${e}`, `/pkg/${e}.js`]));
  imports["mfa-flows/ui"] = "/pkg/ui.js";
  return `<!doctype html><meta charset="utf-8"><title>docs</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<form><input id="username" name="username"><input id="password" name="password" type="password"><button type="submit">Sign in</button></form>
<script>
  // A classic script, so the page's globals exist before any module runs (two module scripts whose
  // imports await their wasm may run in either order).
  const add = EventTarget.prototype.addEventListener;
  HTMLFormElement.prototype.addEventListener = function (type, ...rest) {
    if (type === "submit") document.body.dataset.listens = "1";
    return add.call(this, type, ...rest);
  };
  Object.assign(window, {
    form: document.querySelector("form"),
    // The user reads their authenticator.
    askUser: async () => (await import("mfa-flows/totp")).totp("JBSWY3DPEHPK3PXP"),
    useToken: (token) => { document.body.dataset.token = token; },
    render: () => {}, csrf: "",
  });
</script>
<script type="module">
${code}
</script>
<script type="module">document.body.dataset.ran = "1";</script>`;
}

/** Serves `html` at /login, the built package at /pkg/ and `proxy` at /mfa/ on 127.0.0.1. */
function servePage(html, proxy) {
  const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".map": "application/json" };
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const path = new URL(req.url, "http://x").pathname;
      if (path.startsWith("/mfa/")) return proxy.node(req, res);
      if (path === "/login") return res.writeHead(200, { "content-type": "text/html" }).end(html);
      const file = join(root, "pkg", path.slice("/pkg/".length));
      if (!path.startsWith("/pkg/") || path.includes("..")) return res.writeHead(404).end();
      try {
        res.writeHead(200, { "content-type": types[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" }).end(readFileSync(file));
      } catch {
        res.writeHead(404).end();
      }
    }).listen(0, "127.0.0.1", () => resolve(server));
  });
}

/** The environment variables the docs' scripts read, pointed at the sandbox's identities. */
function stageEnv(url) {
  return {
    RIFFYN_BASE_URL: `${url}/riffyn/v1`, RIFFYN_USERNAME: "alice", RIFFYN_PASSWORD: "correct-horse-battery",
    RIFFYN_TOTP_SECRET: "JBSWY3DPEHPK3PXP",
    BELVO_SECRET_ID: "sbx-secret-id", BELVO_SECRET_PASSWORD: "sbx-secret-password", BELVO_ID: "sbx-secret-id", BELVO_PASSWORD: "sbx-secret-password",
    OL_CLIENT_ID: "sbx-client-id", OL_CLIENT_SECRET: "sbx-client-secret", OL_ID: "sbx-client-id", OL_SECRET: "sbx-client-secret",
  };
}

for (const b of all.filter((b) => kind(b) === "ts outline")) {
  test(`${name(b)}: names only types the package exports or the block declares`, () => {
    const own = new Set([...b.code.matchAll(/\b(?:interface|type|class|function|const|enum) (\w+)/g)].map((m) => m[1]));
    const exported = new Set(allPackageTypes());
    for (const [used] of b.code.matchAll(/\b(?:Mfa|Riffyn|Belvo|OneLogin)[A-Z]\w*/g)) {
      assert.ok(own.has(used) || exported.has(used), `${name(b)}: the package exports no ${used}`);
    }
  });
}

const tsBlocks = all.filter((b) => ["ts", "ts declarations"].includes(kind(b)));
test(`the ${tsBlocks.length} TypeScript blocks compile under tsc --strict`, { skip: tsBlocks.length === 0 && "none" }, async () => {
  const files = tsBlocks.map((b) => {
    const declarations = kind(b) === "ts declarations";
    const file = join(work, `block-${b.file.replace(/\W/g, "_")}-${b.line}${declarations ? ".d.ts" : ".ts"}`);
    // Declarations in summary form see every type the package exports (as an editor would), but
    // those they declare themselves, in a namespace (where `function` and `class` need no `declare`).
    const own = new Set([...b.code.matchAll(/\b(?:interface|type|class|function|const|enum) (\w+)/g)].map((m) => m[1]));
    const types = packageTypes().filter((t) => !own.has(t));
    writeFileSync(file, declarations
      ? `import type { ${types.join(", ")} } from "mfa-flows";\ndeclare namespace Doc {\n${b.code}\n}\n`
      : `export {};\n${b.code}\n`);
    return file;
  });
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom"], types: [], skipLibCheck: false },
    files,
  }));
  await promisify(execFile)(join(root, "node_modules", ".bin", "tsc"), ["-p", join(work, "tsconfig.json")], { cwd: work }).catch((e) => {
    assert.fail(`tsc --strict:\n${e.stdout}${e.stderr}`);
  });
});

/** The names of the types and values the types of `file` (an entry's .d.ts in pkg/) export. */
function packageTypes(file = "mfa_flows.d.ts") {
  const dts = readFileSync(join(root, "pkg", file), "utf8");
  return [...dts.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((m) => m[1].split(",").map((n) => n.trim().split(/\s+as\s+/).pop())).filter(Boolean);
}

/** The names every entry's types export. */
const allPackageTypes = () => readdirSync(join(root, "pkg")).filter((f) => f.endsWith(".d.ts")).flatMap((f) => packageTypes(f));
