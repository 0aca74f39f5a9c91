// `make bench` is not run by `make test` (it takes minutes and its figures are timings), so its
// modules are at least loaded here against the built package: a bench that no longer matches the
// package's exports fails in the test command, not months later.
import { test } from "node:test";
import assert from "node:assert/strict";

test("the bench's memory figure reads the package's wasm memory", async () => {
  const { wasmMemoryBytes } = await import("../bench/concurrency.mjs");
  const bytes = wasmMemoryBytes();
  assert.ok(bytes > 0 && bytes % 65536 === 0, `${bytes} bytes is not a whole number of wasm pages`);
});

test("every bench module loads against the built package", async () => {
  for (const file of ["cpu.mjs", "cold-import.mjs", "size.mjs", "size-entries.mjs"]) {
    await import(`../bench/${file}`);
  }
});
