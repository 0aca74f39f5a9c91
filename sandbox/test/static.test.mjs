import test, { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "node:http";
import { startSandbox } from "../server.mjs";

let sbx;
let root;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "sandbox-static-"));
  await mkdir(join(root, "examples-web", "sub"), { recursive: true });
  await mkdir(join(root, "pkg", "web"), { recursive: true });
  await mkdir(join(root, "node_modules", "lib"), { recursive: true });
  await writeFile(join(root, "examples-web", "index.html"), "<!doctype html><title>demo</title>");
  await writeFile(join(root, "examples-web", "app.js"), "export const x = 1;");
  await writeFile(join(root, "examples-web", "sub", "index.html"), "sub");
  await writeFile(join(root, "examples-web", ".env"), "SECRET=1");
  await writeFile(join(root, "pkg", "web", "mfa_flows_bg.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  await writeFile(join(root, "pkg", "index.mjs"), "export {};");
  await writeFile(join(root, "node_modules", "lib", "index.js"), "export {};");
  await writeFile(join(root, "secret.txt"), "outside");
  sbx = await startSandbox({ port: 0, quiet: true, root });
});
after(async () => {
  await sbx.close();
  await rm(root, { recursive: true, force: true });
});

/** A raw GET that sends the path exactly as written (fetch would normalise "..") */
function rawGet(path, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = request(`${sbx.url}${path}`, { method, path }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("serves index.html at / and files with their content types, never cached", async () => {
  const cases = [
    ["/", "text/html; charset=utf-8", "<!doctype html><title>demo</title>"],
    ["/app.js", "text/javascript; charset=utf-8"],
    ["/pkg/index.mjs", "text/javascript; charset=utf-8"],
    ["/pkg/web/mfa_flows_bg.wasm", "application/wasm"],
    ["/node_modules/lib/index.js", "text/javascript; charset=utf-8"],
    ["/sub/", "text/html; charset=utf-8", "sub"],
  ];
  for (const [path, type, body] of cases) {
    const res = await fetch(`${sbx.url}${path}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-type"), type, path);
    assert.equal(res.headers.get("cache-control"), "no-store", path);
    if (body) assert.equal(await res.text(), body);
    else await res.arrayBuffer();
  }
  const wasm = await fetch(`${sbx.url}/pkg/web/mfa_flows_bg.wasm`);
  assert.ok(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer())));
});

test("missing files 404, directories without index 404, directory without slash redirects", async () => {
  assert.equal((await fetch(`${sbx.url}/nope.js`)).status, 404);
  assert.equal((await fetch(`${sbx.url}/pkg/`)).status, 404, "no listing");
  assert.equal((await fetch(`${sbx.url}/node_modules/lib/`)).status, 404);
  const redirect = await fetch(`${sbx.url}/sub`, { redirect: "manual" });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get("location"), "/sub/");
});

test("path traversal and dotfiles are refused", async () => {
  for (const path of ["/../secret.txt", "/pkg/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/node_modules/..%5c..%5csecret.txt", "/.env", "/a%00b"]) {
    const res = await rawGet(path);
    assert.ok(res.status === 403 || res.status === 404, `${path} → ${res.status}`);
    assert.ok(!res.body.includes("outside") && !res.body.includes("SECRET"), path);
  }
  assert.equal((await rawGet("/%E0%A4%A")).status, 400, "bad percent-encoding");
});

test("read-only: only GET and HEAD", async () => {
  assert.equal((await fetch(`${sbx.url}/app.js`, { method: "POST", body: "x" })).status, 405);
  const head = await rawGet("/app.js", "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.body, "");
  assert.equal(head.headers["content-length"], String("export const x = 1;".length));
});
