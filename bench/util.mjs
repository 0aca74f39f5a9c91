// Small helpers shared by the bench modules.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

export const root = new URL("..", import.meta.url);

/** True when `meta` is the module node was started with (`node bench/x.mjs`). */
export const isMain = (meta) => process.argv[1] && meta.url === pathToFileURL(resolve(process.argv[1])).href;

/** Runs `measure` and prints its result as JSON on stdout (progress goes to stderr). */
export async function main(meta, measure) {
  if (!isMain(meta)) return;
  const result = await measure();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export const log = (...args) => console.error("bench:", ...args);

/** The q-quantile (0..1) of numbers, nearest-rank on a sorted copy. */
export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
