// Headless Chromium (apt's /usr/bin/chromium) driven by playwright-core, with the flags this
// closed network needs; one browser per test file.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), "mfa-flows-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A page whose console errors and uncaught exceptions are collected in `errors`. Chromium's own
 * "Failed to load resource" lines are left out: a 401 from a wrong password is a test's point.
 */
export async function newPage(browser) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return { page, errors };
}

/**
 * A page for a new visitor of a site with a cookie session: the tabs of earlier tests closed (a
 * page left open keeps polling and would be handed the new visitor's cookie, or set its own over
 * it), then the cookies cleared.
 */
export async function newVisitor(browser) {
  await Promise.all(browser.context.pages().map((p) => p.close()));
  await browser.context.clearCookies();
  return newPage(browser);
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

/**
 * Serves `dir` (an app's build output) on 127.0.0.1; /riffyn/, /belvo/ and /onelogin/ go to the
 * sandbox (same origin for the page). Every request gets an answer (502 when the sandbox could not be
 * reached): a request left unanswered would keep `close()` waiting as long as the browser holds on.
 */
export function serve(dir, upstream) {
  return new Promise((resolve) => {
    const srv = createServer((req, res) => answer(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    }));
    async function answer(req, res) {
      const path = req.url.split("?")[0];
      if (/^\/(riffyn|belvo|onelogin)\//.test(path)) {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        const headers = { ...req.headers };
        delete headers.host;
        const reply = await fetch(`${upstream}${req.url}`, {
          method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        res.writeHead(reply.status, { "content-type": reply.headers.get("content-type") ?? "text/plain" });
        res.end(Buffer.from(await reply.arrayBuffer()));
        return;
      }
      const file = normalize(join(dir, path === "/" ? "index.html" : decodeURIComponent(path)));
      if (!file.startsWith(dir)) return res.writeHead(403).end();
      try {
        const body = await readFile(file);
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    }
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}
