// Helpers for the sandbox's own tests (kept outside test/ so node --test does not run it as a test file).
import { before, after, beforeEach } from "node:test";
import { startSandbox } from "./server.mjs";

/** Starts one quiet sandbox for the calling test file and resets it before every test. */
export function useSandbox(options = {}) {
  const box = { url: "", state: null };
  let sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, ...options });
    box.url = sandbox.url;
    box.state = sandbox.state;
  });
  beforeEach(async () => {
    const res = await fetch(`${box.url}/_sandbox/reset`, { method: "POST" });
    if (res.status !== 200) throw new Error(`reset failed: ${res.status}`);
  });
  after(() => sandbox?.close());
  return box;
}

export const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

/**
 * fetch() with JSON conveniences: `json` is sent with Content-Type application/json.
 * Resolves { status, headers, body } where body is parsed JSON when it parses, else text.
 */
export async function call(url, { method = "GET", headers = {}, json, body } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["content-type"] ??= "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export const REQUEST_ID = /^[a-f0-9]{32}$/;
