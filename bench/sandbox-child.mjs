// The sandbox in its own process for concurrency.mjs: prints its URL, and stops when its stdin
// closes (the parent ended, however it ended), so no server is left behind.
import { startSandbox } from "../sandbox/server.mjs";

const sandbox = await startSandbox({ port: 0, quiet: true });
process.stdout.write(`sandbox listening on ${sandbox.url}\n`);
process.stdin.on("end", async () => {
  await sandbox.close();
  process.exit(0);
});
process.stdin.resume();
