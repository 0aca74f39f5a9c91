// The mfa-flows sandbox: Riffyn, Belvo and OneLogin at wire level on 127.0.0.1, plus a control
// API and the demo page's static files. Node 20, no dependencies. See sandbox/README.md.
import { createServer } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, resolve } from "node:path";
import { readBody, tryParseJson, iso, now, reply } from "./util.mjs";
import { initialState, MAX_LOG_ENTRIES } from "./state.mjs";
import { handleRiffyn } from "./riffyn.mjs";
import { handleBelvo, belvoServerError } from "./belvo.mjs";
import { handleOneLogin, oneloginServerError } from "./onelogin.mjs";
import { handleControl } from "./control.mjs";
import { serveStatic } from "./static.mjs";
import { takeFault } from "./faults.mjs";

const DEFAULT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const MOUNTS = [
  { prefix: "/riffyn/v1", provider: "riffyn", handle: handleRiffyn, serverError: (status) => reply(status, { error: status === 413 ? "Request body too large" : "Internal server error" }) },
  { prefix: "/belvo", provider: "belvo", handle: handleBelvo, serverError: belvoServerError },
  { prefix: "/onelogin", provider: "onelogin", handle: handleOneLogin, serverError: oneloginServerError },
  { prefix: "/_sandbox", provider: null, handle: handleControl, serverError: (status) => reply(status, { error: status === 413 ? "Request body too large" : "Internal server error" }) },
];

/**
 * Starts a sandbox. Resolves { url, port, close(), state } once it listens.
 * `root` is the folder whose examples-web/, pkg/ and node_modules/ are served; null serves no file
 * (mfa-flows/testing and the package's command: the package holds no demo page).
 */
export async function startSandbox({ port = 0, host = "127.0.0.1", root = DEFAULT_ROOT, quiet = false } = {}) {
  const state = initialState();
  const server = createServer((req, res) => {
    handleRequest(req, res, { state, root, quiet }).catch((err) => {
      if (!quiet) console.error("sandbox: request failed:", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end();
    });
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      done();
    });
  });
  const actualPort = server.address().port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    port: actualPort,
    state,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections(); // keep-alive sockets would hold close() open
      }),
  };
}

async function handleRequest(req, res, { state, root, quiet }) {
  const started = Date.now();
  const q = req.url.indexOf("?");
  const pathname = q < 0 ? req.url : req.url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : req.url.slice(q + 1));
  const logLine = (status) => {
    // Method, path and status only: never headers, query strings or bodies (they carry secrets).
    if (!quiet) console.log(`${req.method} ${pathname} → ${status} (${Date.now() - started} ms)`);
  };

  const mount = MOUNTS.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
  if (!mount) {
    if (root === null) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end("Not Found\n");
      return logLine(404);
    }
    await serveStatic(req, res, root, pathname.startsWith("/") ? pathname : `/${pathname}`);
    return logLine(res.statusCode);
  }

  const { text, tooLarge } = await readBody(req);
  const ctx = {
    state,
    method: req.method,
    path: pathname.slice(mount.prefix.length) || "/",
    query,
    headers: req.headers,
    bodyText: text,
    origin: `http://${req.headers.host ?? "127.0.0.1"}`,
    mount: mount.prefix,
  };
  if (mount.provider) {
    // Transport faults (faults.mjs): an answer that comes late, or a connection that drops.
    const delay = takeFault(state, mount.provider, "delay");
    if (delay) await new Promise((done) => setTimeout(done, delay.delayMs).unref());
    if (takeFault(state, mount.provider, "reset")) {
      req.socket.destroy();
      return logLine("reset");
    }
  }
  let result;
  if (tooLarge) {
    result = mount.serverError(413);
  } else {
    try {
      result = mount.handle(ctx);
    } catch (err) {
      // Malformed input must never take the server down: answer 500 in the provider's shape.
      if (!quiet) console.error(`sandbox: ${mount.prefix} handler failed:`, err);
      result = mount.serverError(500);
    }
  }
  if (mount.provider) record(state, mount.provider, req, pathname, query, text, result.status);
  write(res, result);
  logLine(result.status);
}

function record(state, provider, req, pathname, query, text, status) {
  state.log.push({
    provider,
    method: req.method,
    path: pathname,
    query: Object.fromEntries(query),
    headers: { ...req.headers },
    body: text,
    json: text === "" ? null : tryParseJson(text) ?? null,
    status,
    at: iso(now(state)),
  });
  if (state.log.length > MAX_LOG_ENTRIES) state.log.splice(0, state.log.length - MAX_LOG_ENTRIES);
}

function write(res, { status, headers = {}, body }) {
  const isRaw = typeof body === "string" || Buffer.isBuffer(body);
  const payload = status === 204 || body === undefined ? "" : isRaw ? body : JSON.stringify(body);
  const out = { "cache-control": "no-store", ...headers };
  if (!Object.keys(out).some((h) => h.toLowerCase() === "content-type") && payload !== "") {
    out["content-type"] = isRaw ? "text/plain; charset=utf-8" : "application/json";
  }
  out["content-length"] = Buffer.byteLength(payload);
  res.writeHead(status, out);
  res.end(payload);
}

function parsePort(argv) {
  const i = argv.indexOf("--port");
  const value = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith("--port="))?.slice(7) ?? process.env.SANDBOX_PORT ?? "4010");
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${value}`);
  return port;
}

/**
 * The command line: `node sandbox/server.mjs [--port N] [--quiet]` and the package's
 * `mfa-flows-sandbox`. Prints the URL, serves until SIGINT or SIGTERM, then exits with 0.
 */
export async function main(argv, { root } = {}) {
  const sandbox = await startSandbox({ port: parsePort(argv), quiet: argv.includes("--quiet"), ...(root === undefined ? {} : { root }) });
  console.log(`sandbox listening on ${sandbox.url}`);
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

// Run directly: node sandbox/server.mjs [--port N] [--quiet]
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv);
}
