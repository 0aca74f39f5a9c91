// A real redis-server for the guard's tests: started on a free loopback port (redis-server has
// no port 0), with no persistence, and killed (SIGKILL, as a crash) or stopped by the test.
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once("error", reject);
  s.listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

const answers = (port) => new Promise((resolve) => {
  const socket = connect(port, "127.0.0.1");
  socket.once("connect", () => {
    socket.write("PING\r\n");
    socket.once("data", (d) => {
      socket.destroy();
      resolve(String(d).startsWith("+PONG"));
    });
  });
  socket.once("error", () => resolve(false));
});

/** Starts redis-server on `port` (a free one when absent); resolves { port, kill(), stop() }. */
export async function startRedis(port) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const p = port ?? (await freePort());
    const child = spawn("redis-server", ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    let up = false;
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      if ((up = await answers(p))) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    if (up) {
      const end = (signal) => {
        if (child.exitCode === null) child.kill(signal);
        return exited;
      };
      return { port: p, url: `redis://127.0.0.1:${p}`, kill: () => end("SIGKILL"), stop: () => end("SIGTERM") };
    }
    child.kill("SIGKILL");
    await exited;
  }
  throw new Error("redis-server did not start");
}
