// Figure 5: a Riffyn verify through a backend, from one run: the hand-written fetch relay
// (proxy-child.mjs `relay`), mfa-flows/server with memoryStore, with redisStore (a redis-server
// started here on a free loopback port), and for reference the same relay on node:http. Each server and the minimal upstream run in
// their own processes; autocannon drives each in turn (same connections, same duration, after a
// warm-up) for ROUNDS rounds in turn, so a change in the machine's load hits all three alike; each
// figure is the median round. Every request is a wrong code for a stateToken the proxy bound to the session (a code of
// its own each, so none is refused as reused). On a shared 2-core machine the load generator, the
// server and the upstream share the CPU: compare the ratios of one run, not absolute figures.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startRedis } from "../js-tests/redis-support.mjs";
import { log, main } from "./util.mjs";

const DURATION = Number(process.env.BENCH_PROXY_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_PROXY_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_PROXY_CONNECTIONS ?? 16);
const child = fileURLToPath(new URL("./proxy-child.mjs", import.meta.url));

async function start(...args) {
  const p = spawn(process.execPath, [child, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  for await (const line of createInterface({ input: p.stdout })) return { url: line, stop: () => p.stdin.end() };
  throw new Error(`proxy-child ${args[0]} did not start`);
}

const cannon = (options) => new Promise((resolve, reject) => {
  autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
});

/** Logs in once (the proxy binds the stateToken to the session); resolves the verify request. */
async function prepare(url) {
  const headers = { "content-type": "application/json", "x-session": "bench-session" };
  const login = await fetch(`${url}/mfa/riffyn/auth`, { method: "POST", headers: { ...headers, authorization: `Basic ${btoa("alice:pw")}` } });
  const { stateToken } = await login.json();
  let n = 0;
  const request = {
    method: "POST",
    path: "/mfa/riffyn/auth/factor/uft1/verify",
    headers,
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ stateToken, passCode: String(n++ % 1_000_000).padStart(6, "0") }) }),
  };
  await cannon({ url, connections: CONNECTIONS, duration: 2, requests: [request] }); // warm-up
  return request;
}

const cpu = async (url) => {
  const { user, system } = await (await fetch(`${url}/__cpu`)).json();
  return user + system;
};

/**
 * One round against one server: req/s, p50, p99, and the server process's CPU time per request
 * (user + system; steadier than req/s when other processes share the cores). Every answer must
 * be the upstream's 401.
 */
async function round(name, url, request) {
  const before = await cpu(url);
  const r = await cannon({ url, connections: CONNECTIONS, duration: DURATION, requests: [request] });
  const cpuUs = (await cpu(url) - before) / r.requests.total;
  const other = r.requests.total - (r.statusCodeStats?.["401"]?.count ?? 0);
  if (other > 0 || r.errors > 0) throw new Error(`${name}: ${other} answers were not the upstream's 401, ${r.errors} errors`);
  log(`${name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${Math.round(cpuUs)} µs CPU/request`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, cpuUs };
}

const middle = (rounds) => [...rounds].sort((a, b) => a.rps - b.rps)[rounds.length >> 1];

main(import.meta, async () => {
  const redis = await startRedis();
  const upstream = await start("upstream");
  const servers = [];
  try {
    const targets = [];
    for (const [name, args] of [["relay", []], ["memory", []], ["redis", [redis.url]], ["relay-http", []]]) {
      const server = await start(name, upstream.url, ...args);
      servers.push(server);
      targets.push({ name, url: server.url, request: await prepare(server.url), rounds: [] });
    }
    for (let i = 0; i < ROUNDS; i++) {
      for (const t of targets) t.rounds.push(await round(t.name, t.url, t.request));
    }
    const out = { connections: CONNECTIONS, seconds: DURATION, rounds: ROUNDS };
    for (const t of targets) {
      const cpus = t.rounds.map((x) => x.cpuUs).sort((a, b) => a - b);
      out[t.name] = { ...middle(t.rounds), all: t.rounds.map((x) => Math.round(x.rps)), cpuUs: cpus[cpus.length >> 1] };
    }
    return out;
  } finally {
    for (const s of servers) s.stop();
    upstream.stop();
    await redis.stop();
  }
});
