// Read-only static files for the demo page: / → examples-web/, /pkg/ → pkg/, /node_modules/.
// GET/HEAD only, no directory listing, no path traversal, no caching.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join, extname } from "node:path";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};

/** The folder a URL path is served from, and the remaining path segments. */
function locate(root, pathname) {
  for (const [prefix, dir] of [["/pkg/", "pkg"], ["/node_modules/", "node_modules"]]) {
    if (pathname.startsWith(prefix)) return { base: join(root, dir), rest: pathname.slice(prefix.length) };
  }
  return { base: join(root, "examples-web"), rest: pathname.slice(1) };
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(text);
}

/**
 * README's strict Content-Security-Policy for a page: scripts, styles and connections from its own
 * origin only, wasm instantiation allowed ('wasm-unsafe-eval'), and each inline script (the import
 * map) allowed by its sha256 hash.
 */
export function strictPolicy(html) {
  const hashes = [...html.matchAll(/<script\b[^>]*>([^]*?)<\/script>/g)].filter(([, body]) => body)
    .map(([, body]) => ` 'sha256-${createHash("sha256").update(body).digest("base64")}'`);
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'${hashes.join("")}; style-src 'self'; connect-src 'self'`;
}

/** Serves one request; always answers (never throws for a bad path). */
export async function serveStatic(req, res, root, pathname) {
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "Method Not Allowed\n", { allow: "GET, HEAD" });
  const { base, rest } = locate(root, pathname);
  let segments;
  try {
    segments = rest.split("/").map(decodeURIComponent);
  } catch {
    return send(res, 400, "Bad Request\n");
  }
  const isDirRequest = segments.at(-1) === "";
  if (isDirRequest) segments.pop();
  // Refuse traversal and anything that is not a plain name (encoded slashes, NUL, dotfiles).
  if (segments.some((s) => s === "" || s.startsWith(".") || /[\\/\0]/.test(s))) return send(res, 403, "Forbidden\n");

  let file = join(base, ...segments);
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    // Relative links in index.html need the trailing slash, as any static server does.
    if (!isDirRequest) return send(res, 301, "Moved Permanently\n", { location: `${pathname}/` });
    file = join(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(res, 404, "Not Found\n");

  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  res.writeHead(200, {
    "content-type": type,
    "content-length": info.size,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    // A page runs under the README's strict policy (its "Content-Security-Policy" section).
    ...(type.startsWith("text/html") ? { "content-security-policy": strictPolicy(await readFile(file, "utf8")) } : {}),
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(file)
    .on("error", () => res.destroy())
    .pipe(res);
}
