// A scripted HTTP server for fault tests: every request gets the next action of a queue.
//
//   const fs = await faultServer();
//   fs.script({ status: 502, body: "<html>…</html>" }, { reset: true }, { status: 200, json: {…} });
//   … calls against fs.url …
//   fs.requests  → [{ method, path, headers, body }] (every request, in order)
//   await fs.close();
//
// An action is an object:
//   { status, headers, body }        answer at once (`json` instead of `body` sends JSON)
//   { status, body: (req) => text }  a body computed from the request (e.g. an echo of it)
//   { status, drip: "…", everyMs }   send the body one character at a time, `everyMs` apart
//   { status, partial: "…" }         send the headers and the start of the body, then nothing
//   { status, bytes: N }             a body of N bytes, streamed with back-pressure
//   { reset: true }                  destroy the connection before any answer
//   { hang: true }                   never answer
// With an empty queue the `fallback` action answers (default: 500 "no scripted answer").
import { createServer } from "node:http";

export async function faultServer({ fallback = { status: 500, body: "no scripted answer" } } = {}) {
  const queue = [];
  const requests = [];
  const streams = []; // { bytes, written, finished } of `bytes` actions
  const sockets = new Set();
  const timers = new Set();
  const later = (fn, ms) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const record = {
        method: req.method,
        path: req.url,
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(record);
      answer(queue.length ? queue.shift() : fallback, record, req, res);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  function answer(action, record, req, res) {
    if (action.reset) {
      req.socket.destroy();
      return;
    }
    if (action.hang) return;
    const status = action.status ?? 200;
    const headers = { ...(action.headers ?? {}) };
    let body = action.json !== undefined ? JSON.stringify(action.json) : action.body ?? "";
    if (typeof body === "function") body = body(record);
    if (action.json !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json";
    }
    if (action.drip !== undefined) {
      res.writeHead(status, headers);
      const text = action.drip;
      let i = 0;
      const step = () => {
        if (res.destroyed || res.writableEnded) return;
        if (i >= text.length) return res.end();
        res.write(text[i++]);
        later(step, action.everyMs ?? 50);
      };
      step();
      return;
    }
    if (action.partial !== undefined) {
      res.writeHead(status, headers);
      res.write(action.partial);
      return;
    }
    if (action.bytes !== undefined) {
      const stream = { bytes: action.bytes, written: 0, finished: false, closed: false };
      streams.push(stream);
      res.writeHead(status, { "content-type": "application/json", ...headers });
      const chunk = Buffer.alloc(64 * 1024, "a".charCodeAt(0));
      res.on("close", () => { stream.closed = true; stream.finished = res.writableFinished; });
      const pump = () => {
        while (stream.written < stream.bytes && !res.destroyed) {
          const n = Math.min(chunk.length, stream.bytes - stream.written);
          stream.written += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return res.once("drain", pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    res.writeHead(status, headers);
    res.end(body);
  }

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    streams,
    /** Appends actions to the queue. */
    script(...actions) {
      queue.push(...actions);
    },
    /** Empties the queue and the request log. */
    clear() {
      queue.length = 0;
      requests.length = 0;
      streams.length = 0;
    },
    get pending() {
      return queue.length;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The provider error shapes, each echoing `text` everywhere a message can go. */
export const echoBodies = {
  riffyn: (text) => JSON.stringify({ error: text, message: text, errorSummary: text, errorCode: text }),
  belvo: (text) => JSON.stringify([{ code: text, message: text, detail: text, field: text, request_id: text }]),
  onelogin: (text) =>
    JSON.stringify({ status: { error: true, code: 400, type: text, message: text }, message: text, name: text }),
};

/** Everything a request carried, as one string: method, path, every header, the body. */
export function everything(req) {
  return [req.method, req.path, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`), req.body].join(" | ");
}
