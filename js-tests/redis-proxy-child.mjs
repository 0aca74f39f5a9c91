// One proxy instance in its own process for proxy-redis.test.mjs: mfa-flows/server in front of
// the sandbox, its guard in a shared Redis through node-redis or ioredis. Prints its URL.
//   node js-tests/redis-proxy-child.mjs SANDBOX_URL REDIS_URL node-redis|ioredis PREFIX KEY
import { createServer } from "node:http";
import { createMfaProxy, redisStore } from "mfa-flows/server";
import { upstreams } from "./proxy-support.mjs";

const [sandboxUrl, redisUrl, kind, prefix, key] = process.argv.slice(2);
let client;
if (kind === "ioredis") {
  const { Redis } = await import("ioredis");
  // No offline queue: a command while Redis is down fails at once (the proxy answers 503).
  client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  client.on("error", () => {}); // a dropped connection is the test's point; the store reports it
  await new Promise((resolve) => client.once("ready", resolve));
} else {
  const { createClient } = await import("redis");
  client = createClient({ url: redisUrl, disableOfflineQueue: true, socket: { reconnectStrategy: () => 100 } });
  client.on("error", () => {}); // a dropped connection is the test's point; the store reports it
  await client.connect();
}

const proxy = createMfaProxy({
  ...upstreams(sandboxUrl),
  authorize: () => true,
  subject: (req) => req.headers["x-session"] ?? "",
  store: redisStore(client, { prefix, key }),
});
const server = createServer((req, res) => proxy.node(req, res));
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/mfa`));
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  try {
    if (kind === "ioredis") client.disconnect();
    else client.destroy();
  } finally {
    process.exit(0);
  }
});
