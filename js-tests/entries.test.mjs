// The package's entry modules: what they export, and clients that own no live Rust value (a copy, a
// plain object with the prototype, a torn-off method, a freed client) refused before wasm memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as main from "mfa-flows";
import * as embedded from "mfa-flows/embedded";
import { sandbox, rejection, ERROR_CODES } from "./helpers.mjs";

const { RiffynClient, BelvoClient, OneLoginClient, MfaError } = main;

test("the entries export the documented names only, and share one MfaError", () => {
  assert.deepEqual(Object.keys(main).sort(),
    ["BelvoClient", "MfaError", "OneLoginClient", "RiffynClient", "VERSION", "isMfaError", "otpauthUri", "parseOtpauthUri",
      "toChallenge", "totp"]);
  assert.deepEqual(Object.keys(embedded).sort(), Object.keys(main).sort());
  assert.equal(embedded.MfaError, MfaError);
  assert.equal(RiffynClient.name, "RiffynClient");
  const e = new MfaError("invalid_input", "x", { status: 400, provider: undefined });
  assert.deepEqual(Object.keys(e.toJSON()).filter((k) => e.toJSON()[k] !== undefined), ["name", "code", "message", "status"]);
});

test("docs/API.md's MfaError lists every fact and every code, in order", () => {
  // The summary is prose for people; the facts and codes come from src/error.rs, through the built types.
  const read = (path) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8");
  const api = read("../docs/API.md");
  const union = /type MfaErrorCode =([^;]+);/.exec(api.slice(api.indexOf("type MfaErrorCode =")).replace(/\/\/.*$/gm, ""))[1];
  assert.deepEqual(union.match(/"[a-z_]+"/g).map((c) => c.slice(1, -1)), [...ERROR_CODES]);
  const fields = /interface MfaErrorFields \{([^}]+)\}/.exec(read("../pkg/mfa_flows.d.ts").replace(/\/\*\*[\s\S]*?\*\//g, ""))[1];
  const facts = fields.match(/\w+(?=\?:)/g);
  assert.ok(facts.includes("retryAfterMs"), facts.join());
  const documented = /class MfaError extends Error \{([^}]+)\}/.exec(api)[1].match(/^ {2}(\w+)\?:/gm).map((l) => l.trim().slice(0, -2));
  assert.deepEqual(documented, [...facts, "cause"]);
});

test("a copied or fake client rejects with invalid_input and sends nothing, for every method", async () => {
  const sb = await sandbox();
  try {
    for (const [Client, options] of [
      [RiffynClient, { baseUrl: `${sb.url}/riffyn/v1` }],
      [BelvoClient, { baseUrl: `${sb.url}/belvo` }],
      [OneLoginClient, { baseUrl: `${sb.url}/onelogin`, accessToken: "t" }],
    ]) {
      const client = new Client(options);
      const fakes = [
        Object.assign(Object.create(Client.prototype), client),   // a copy of a live client
        Object.create(Client.prototype),                          // a plain object with the prototype
        { __wbg_ptr: 8 },                                         // what the generated shims used to trust
      ];
      const methods = Object.getOwnPropertyNames(Client.prototype).filter((k) => k !== "constructor" && k !== "free");
      assert.ok(methods.length >= 2, methods.join());
      for (const fake of fakes) {
        for (const name of methods) {
          const e = await rejection(Client.prototype[name].call(fake, 1001, 1, {}));
          assert.ok(e instanceof MfaError && e.code === "invalid_input", `${Client.name}.${name}: ${e?.message}`);
          assert.match(e.message, /must be called on a client/);
        }
        fake.free?.(); // freeing a copy does nothing (it owns nothing)
      }
      client.free();
      client.free();
    }
    assert.deepEqual(await sb.requests(), [], "nothing sent");
  } finally {
    await sb.close();
  }
});

test("copies of a garbage-collected client, used thousands of times, never trap the module", () => {
  // A child with --expose-gc: the original is collected (its Rust value freed by the finalizer),
  // the copies live on; before the fix this read freed memory and killed the process.
  const script = `
    import { RiffynClient, MfaError, totp } from "mfa-flows";
    let copies = [];
    (() => {
      const client = new RiffynClient({ baseUrl: "http://127.0.0.1:9" });
      for (let i = 0; i < 50; i++) copies.push(Object.assign(Object.create(RiffynClient.prototype), client));
    })();
    for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
    let refused = 0;
    for (let round = 0; round < 100; round++) {
      for (const copy of copies) {
        await copy.login({ username: "a", password: "b" }).catch((e) => { if (e instanceof MfaError && e.code === "invalid_input") refused++; });
      }
    }
    console.log(refused, totp("JBSWY3DPEHPK3PXP", { timestamp: 0 }));
  `;
  const out = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8", timeout: 60_000,
  });
  assert.equal(out.stderr, "");
  assert.equal(out.stdout.trim(), "5000 282760");
  assert.equal(out.status, 0);
});

test("the public .d.ts documents every declaration and every class and interface member", async () => {
  const { default: ts } = await import("typescript");
  const file = fileURLToPath(new URL("../pkg/mfa_flows.d.ts", import.meta.url));
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const undocumented = [];
  const documented = (node) => ts.getJSDocCommentsAndTags(node).length > 0;
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) continue;
    const name = statement.name?.text ?? statement.declarationList?.declarations[0].name.text;
    if (!documented(statement)) undocumented.push(name);
    if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
      for (const member of statement.members) {
        if (!documented(member)) undocumented.push(`${name}.${member.name?.getText(source) ?? "(index)"}`);
      }
    }
  }
  assert.deepEqual(undocumented, []);
});
