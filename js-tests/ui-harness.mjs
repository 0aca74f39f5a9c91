// The test page of mfa-flows/ui: a plain HTML page served from 127.0.0.1 that loads the built
// package as a browser would. "mfa-flows/ui" is resolved by Node through the package's exports (so
// the ./ui export itself is under test) and given to the page by an import map; the main entry
// (MfaError, toChallenge) and axe-core are served beside it.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { launchChromium, newPage } from "./browser.mjs";

const uiFile = fileURLToPath(import.meta.resolve("mfa-flows/ui"));
const pkgDir = dirname(fileURLToPath(import.meta.resolve("mfa-flows")));
const axeFile = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm" };

// The page's style and script are files of their own, and the import map's hash is known
// (IMPORT_MAP_HASH), so the page also runs under the strict Content-Security-Policy of the README.
const PAGE_CSS = `  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; }
  main { box-sizing: border-box; max-width: 440px; margin: 32px auto; padding: 24px; background: #fff;
         border: 1px solid #d0d7de; border-radius: 12px; }
  h1 { font-size: 1.25rem; margin: 0 0 16px; }
`;
const PAGE_JS = `  import { MfaChallengeElement } from "mfa-flows/ui";
  import * as sdk from "mfa-flows";
  window.sdk = sdk;
  window.MfaChallengeElement = MfaChallengeElement;
  window.events = [];
  window.mount = (challenge, props = {}) => {
    const el = document.createElement("mfa-challenge");
    for (const type of ["mfa-submit", "mfa-cancel", "mfa-resend", "mfa-expired"]) {
      el.addEventListener(type, (e) => window.events.push({ type, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
    }
    if (props.locale) el.setAttribute("locale", props.locale);
    if (props.dir) el.setAttribute("dir", props.dir);
    if (props.messages) el.messages = props.messages;
    el.challenge = challenge;
    document.querySelector("main").replaceChildren(Object.assign(document.createElement("h1"), { textContent: props.title ?? "Sign in" }), el);
    return el;
  };
  document.body.dataset.ready = "true";
`;

const IMPORT_MAP = '{ "imports": { "mfa-flows/ui": "/ui.js", "mfa-flows": "/pkg/mfa_flows.js", "mfa-flows/riffyn": "/pkg/riffyn.js" } }';
/** README's strict policy, with the hash of this page's inline import map. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' " +
  `'sha256-${createHash("sha256").update(IMPORT_MAP).digest("base64")}'; style-src 'self'; connect-src 'self'`;

// A sign-in card as an app would have it; `mount(challenge, props)` puts a fresh element in it (under
// `props.title`, "Sign in" by default) and records its events in window.events.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mfa-challenge test page</title>
<script type="importmap">${IMPORT_MAP}</script>
<link rel="stylesheet" href="/page.css">
<script type="module" src="/page.js"></script>
</head>
<body><main></main></body>
</html>`;

/**
 * Starts the page's server on a free port: { url, close }. Options: `proxy` (a createMfaProxy with
 * basePath "/mfa", answering /mfa/… on the page's origin), `modules` ({ "/name.js": source } served
 * as scripts), `csp` (a Content-Security-Policy header on every answer, e.g. STRICT_CSP).
 */
export async function servePage({ proxy, modules = {}, csp } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(req.url.split("?")[0]);
    let file = null;
    if (csp) res.setHeader("content-security-policy", csp);
    if (proxy && path.startsWith("/mfa/")) return proxy.node(req, res);
    if (Object.hasOwn(modules, path)) return res.writeHead(200, { "content-type": TYPES[".js"] }).end(modules[path]);
    if (path === "/") return res.writeHead(200, { "content-type": TYPES[".html"] }).end(PAGE);
    if (path === "/page.js") return res.writeHead(200, { "content-type": TYPES[".js"] }).end(PAGE_JS);
    if (path === "/page.css") return res.writeHead(200, { "content-type": "text/css" }).end(PAGE_CSS);
    if (path === "/ui.js") file = uiFile;
    else if (path === "/axe.js") file = axeFile;
    else if (path.startsWith("/pkg/")) file = normalize(join(pkgDir, path.slice(5)));
    if (!file || !file.startsWith(pkgDir) && file !== uiFile && file !== axeFile) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A test file's page and browser: `servePage()` and one Chromium, started before its tests and
 * closed after them. Returns `open()`, which opens the page in a fresh tab (`openPage`).
 */
export function pageFixture() {
  let server, browser;
  before(async () => {
    server = await servePage();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return () => openPage(browser, server.url, newPage);
}

/** Opens the page and waits until the element is defined. */
export async function openPage(browser, url, newPage) {
  const { page, errors } = await newPage(browser);
  await page.goto(url);
  await page.waitForSelector("body[data-ready]");
  return { page, errors };
}

// Steps as the APIs hand them to the clients; the tests turn them into challenges with the
// package's own toChallenge().
const soon = (seconds) => new Date(Date.now() + seconds * 1000).toISOString();
export const STEPS = {
  riffyn: () => ({ status: "MFA_REQUIRED", stateToken: "st", expiresAt: soon(299),
    factors: [{ id: "f-totp", factorType: "token:software:totp", provider: "GOOGLE", vendorName: "GOOGLE" }] }),
  riffynTwo: () => ({ status: "MFA_REQUIRED", stateToken: "st", expiresAt: soon(299),
    factors: [{ id: "f-totp", factorType: "token:software:totp", provider: "GOOGLE", vendorName: "GOOGLE" },
              { id: "f-sms", factorType: "sms" }] }),
  belvoNumeric: () => ({ status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: soon(540), expirySeconds: 540,
    resumePath: "/api/links/", tokenGenerationData: { type: "numeric", value: "28877",
      instructions: "Type the challenge into your token device and enter the token it shows", expectsUserInput: true } }),
  belvoQr: () => ({ status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: soon(540), expirySeconds: 540,
    resumePath: "/api/links/", tokenGenerationData: { type: "qr", value: "https://bank.example/qr/7f3a9c2e-approve",
      instructions: "Scan the QR code with your bank app", expectsUserInput: false } }),
  belvoConfirm: () => ({ status: "TOKEN_REQUIRED", session: "s", link: "l", expiresAt: soon(540), expirySeconds: 540,
    resumePath: "/api/links/", tokenGenerationData: { expectsUserInput: false } }),
  oneloginPush: () => ({ deviceId: 7, stateToken: "st", expiresAt: soon(119), authFactorName: "OneLogin Protect" }),
  oneloginSms: () => ({ deviceId: 8, stateToken: "st", expiresAt: soon(119), authFactorName: "SMS" }),
};
