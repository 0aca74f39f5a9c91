// Figure 2: Node cold import. Each sample is a fresh `node bench/cold-child.mjs <specifier>` that
// times `await import(specifier)` inside the child with performance.now() (so node's own start-up
// is not counted). Targets run round-robin, one process at a time: the package (`mfa-flows`, which
// compiles and instantiates its wasm on import), the JS baseline, and an empty module (a data: URL:
// the loader's floor, the same for both). The file cache is warm: this is a cold process, not a
// cold disk. The spawn-to-exit wall time of each child is recorded too.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { log, main, median, quantile } from "./util.mjs";

const child = fileURLToPath(new URL("cold-child.mjs", import.meta.url));
export const TARGETS = {
  package: "mfa-flows",
  baseline: "./baseline/riffyn.mjs",
  floor: "data:text/javascript,export%20default%201",
};

export function measure({ runs = Number(process.env.BENCH_COLD_RUNS ?? 25) } = {}) {
  const samples = Object.fromEntries(Object.keys(TARGETS).map((k) => [k, { ms: [], wall: [] }]));
  log(`cold import: ${runs} fresh node processes per target`);
  for (let i = 0; i < runs; i++) {
    for (const [name, specifier] of Object.entries(TARGETS)) {
      const t0 = process.hrtime.bigint();
      const out = execFileSync(process.execPath, [child, specifier], { encoding: "utf8" });
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      samples[name].ms.push(JSON.parse(out).ms);
      samples[name].wall.push(wall);
    }
  }
  const summary = ({ ms, wall }) => ({
    runs: ms.length,
    medianMs: median(ms),
    p90Ms: quantile(ms, 0.9),
    minMs: Math.min(...ms),
    medianProcessMs: median(wall),
  });
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { specifier: TARGETS[k], ...summary(v) }]));
}

await main(import.meta, () => measure());
