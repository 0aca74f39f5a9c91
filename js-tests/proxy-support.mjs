// Shared set-up of the mfa-flows/server tests: a proxy in front of the sandbox, served by
// node:http (`node`) or called directly (`handle`), recording every answer the browser got.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { createMfaProxy } from "mfa-flows/server";

export const KEYS = {
  belvo: { secretId: "sbx-secret-id", secretPassword: "sbx-secret-password" },
  onelogin: { clientId: "sbx-client-id", clientSecret: "sbx-client-secret" },
};

/** The upstream options for a sandbox at `sbUrl`. */
export function upstreams(sbUrl) {
  return {
    riffyn: { baseUrl: `${sbUrl}/riffyn/v1` },
    belvo: { baseUrl: `${sbUrl}/belvo`, ...KEYS.belvo },
    onelogin: { baseUrl: `${sbUrl}/onelogin`, ...KEYS.onelogin },
  };
}

/**
 * Starts `createMfaProxy(options)` behind node:http on 127.0.0.1. Resolves { url (the basePath's
 * URL), proxy, results (every onResult), answers (every answer's status, headers and body) }.
 */
export async function startProxy(options) {
  const results = [];
  const answers = [];
  const proxy = createMfaProxy({
    onResult: (result) => results.push(result),
    // One browser session unless a test says whose request it is.
    subject: () => "test-session",
    ...options,
  });
  const server = createServer((req, res) => {
    // Record what the browser gets: status, headers, body.
    const chunks = [];
    let head = {};
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (status, headers, ...rest) => {
      head = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      return writeHead(status, headers, ...rest);
    };
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = (chunk, ...rest) => {
      if (chunk) chunks.push(Buffer.from(chunk));
      return write(chunk, ...rest);
    };
    res.end = (chunk, ...rest) => {
      if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk));
      answers.push({ status: res.statusCode, headers: { ...res.getHeaders(), ...head }, body: Buffer.concat(chunks).toString("utf8") });
      return end(chunk, ...rest);
    };
    proxy.node(req, res);
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}${options.basePath ?? "/mfa"}`,
    proxy,
    results,
    answers,
    close: () => new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

/** Every form a credential can take on the wire or in a text. */
export function secretForms(...values) {
  const out = new Set();
  for (const v of values) {
    out.add(v);
    out.add(encodeURIComponent(v));
    out.add(Buffer.from(v).toString("base64"));
  }
  return [...out];
}

/**
 * Asserts that no stored key or value (`stored`, strings) holds a marker in any form: raw,
 * base64(url), hex, or an unkeyed SHA-256/SHA-1/MD5 of it. A form shorter than 12 characters (a
 * 6-digit code) must not be a whole `:`/space-separated part (as a substring it would match a
 * random digest now and then); a longer one must not occur anywhere.
 */
export function assertNothingReadable(stored, markers) {
  const text = stored.join("\n");
  const parts = new Set(text.split(/[\s:]+/));
  for (const marker of markers) {
    const bytes = Buffer.from(marker);
    const forms = [marker, bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex")];
    for (const alg of ["sha256", "sha1", "md5"]) {
      const h = createHash(alg).update(marker).digest();
      forms.push(h.toString("hex"), h.toString("base64"), h.toString("base64url"));
    }
    for (const form of forms) {
      assert.ok(form.length < 12 ? !parts.has(form) : !text.includes(form), "the store holds a handle, code, password or subject in a readable form");
    }
  }
}
