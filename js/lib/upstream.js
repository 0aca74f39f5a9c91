// How the proxy talks to a provider: one exchange, `send(url, init)` → an `Upstream` answer. Two
// transports behind the same shape:
// - the `fetch` the app gave (or the host's own, in workers, Deno, Bun and pages);
// - in Node, when the app gave none, node:http(s) with a keep-alive agent per proxy. Node's `fetch`
//   (undici) costs several times the CPU of node:http for a small JSON exchange (bench/RESULTS.md,
//   figure 5), and the proxy is a backend's hot path.
// Both never follow a redirect, read at most `MAX_UPSTREAM_BYTES` (decoded), and stop on `signal`.

export const MAX_UPSTREAM_BYTES = 1024 * 1024;

/** Decoders of whole bodies (no `stream` option: they keep no state between calls). */
const KEEP_BOM = new TextDecoder("utf-8", { ignoreBOM: true });
const STRIP_BOM = new TextDecoder("utf-8");
/** `readLimited`'s value for a body whose reading `signal` stopped. */
export const TIMED_OUT = Symbol("timed out");

/**
 * The text of a body of at most `limit` bytes (`null` beyond). A request's byte order mark is
 * kept, as node() keeps it (the core then refuses it alike); `signal` stops the reading
 * (`TIMED_OUT`).
 */
export async function readLimited(response, limit, { keepBom = false, signal } = {}) {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const stop = () => reader.cancel().catch(() => {});
  signal?.addEventListener("abort", stop, { once: true });
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (signal?.aborted) return TIMED_OUT;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  signal?.removeEventListener("abort", stop);
  // One chunk (the usual small JSON answer) is decoded as it came, without a copy.
  let bytes = chunks[0] ?? new Uint8Array(0);
  if (chunks.length > 1) {
    bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
  }
  return (keepBom ? KEEP_BOM : STRIP_BOM).decode(bytes);
}

/**
 * @typedef {object} Upstream  one provider answer
 * @property {number} status
 * @property {boolean} redirected  a redirect (or the opaque answer `redirect: "manual"` gives in some hosts)
 * @property {(name: string) => string | null} header
 * @property {() => Promise<string | null>} read  the decoded text; `null` beyond MAX_UPSTREAM_BYTES
 * @property {() => void} discard  drops an unread body
 */

/**
 * `fetch` as the transport. The host's own fetch (`framed`) frames a body by its Content-Length:
 * one within the cap and not content-encoded (its decoded size is not the header's) is read in one
 * go; any other is read and counted chunk by chunk.
 */
export function fetchTransport(fetchFn, framed) {
  return async (url, { method, headers, body, signal }) => {
    const response = await fetchFn(url, { method, headers, body, redirect: "manual", signal });
    const header = (name) => response.headers.get(name);
    return {
      status: response.status,
      redirected: response.type === "opaqueredirect",
      header,
      read() {
        if (framed && !response.headers.has("content-encoding")) {
          const length = header("content-length");
          if (length !== null && /^\d{1,7}$/.test(length) && Number(length) <= MAX_UPSTREAM_BYTES) return response.text();
        }
        return readLimited(response, MAX_UPSTREAM_BYTES);
      },
      discard: () => void response.body?.cancel().catch(() => {}),
    };
  };
}

/** Node's own modules, where the runtime is Node itself (not Bun, Deno or workerd's compatibility layer). */
function nodeModules() {
  const process = globalThis.process;
  const isNode = typeof process?.versions?.node === "string" && process.versions.bun === undefined
    && globalThis.Deno === undefined && globalThis.navigator?.userAgent !== "Cloudflare-Workers";
  const load = isNode ? process.getBuiltinModule : undefined;
  if (typeof load !== "function") return null;
  return { http: load("node:http"), https: load("node:https"), zlib: load("node:zlib") };
}

/** Content codings Node decodes (what undici's fetch decodes), each bounded by `maxOutputLength`. */
const DECODERS = { gzip: "gunzipSync", "x-gzip": "gunzipSync", deflate: "inflateSync", br: "brotliDecompressSync" };

/**
 * node:http(s) as the transport, or `null` outside Node. One keep-alive agent per scheme and proxy;
 * idle sockets close after 4 s (as undici's) and never keep the process alive.
 */
export function nodeTransport() {
  const node = nodeModules();
  if (!node) return null;
  const agents = {
    "http:": new node.http.Agent({ keepAlive: true, timeout: 4_000 }),
    "https:": new node.https.Agent({ keepAlive: true, timeout: 4_000 }),
  };
  return (url, { method, headers, body, signal }) => new Promise((resolve, reject) => {
    const target = new URL(url);
    const out = { ...headers };
    if (body !== undefined) out["content-length"] = Buffer.byteLength(body);
    const client = target.protocol === "https:" ? node.https : node.http;
    const request = client.request({
      protocol: target.protocol,
      hostname: target.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method,
      headers: out,
      agent: agents[target.protocol],
      signal,
    }, (response) => {
      const header = (name) => {
        const value = response.headers[name];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : String(value);
      };
      // The body flows from here on (into `read`'s collector), so an unread one never stalls the socket.
      const chunks = [];
      let size = 0;
      let settle;
      const ended = new Promise((done, failed) => {
        settle = { done, failed };
      });
      ended.catch(() => {});
      response.on("data", (chunk) => {
        size += chunk.length;
        if (size > MAX_UPSTREAM_BYTES) {
          response.destroy();
          settle.done(null);
        } else {
          chunks.push(chunk);
        }
      });
      response.on("end", () => settle.done(Buffer.concat(chunks, size)));
      response.on("error", (error) => settle.failed(error));
      response.on("close", () => {
        if (!response.complete) settle.failed(signal?.reason ?? new Error("the answer was cut off"));
      });
      resolve({
        status: response.statusCode,
        redirected: false,
        header,
        async read() {
          const raw = await ended;
          if (raw === null) return null;
          const coding = (header("content-encoding") ?? "identity").trim().toLowerCase();
          if (coding === "identity" || coding === "") return STRIP_BOM.decode(raw);
          const decode = DECODERS[coding];
          if (!decode) throw new Error(`unknown content-encoding ${JSON.stringify(coding.slice(0, 20))}`);
          try {
            return STRIP_BOM.decode(node.zlib[decode](raw, { maxOutputLength: MAX_UPSTREAM_BYTES }));
          } catch (error) {
            if (error?.code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) return null;
            throw error;
          }
        },
        discard: () => response.destroy(),
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}
