// One cold import, run in a fresh `node` by cold-import.mjs: times the dynamic import of the
// specifier given as argument with performance.now() and prints {ms} as JSON.
const specifier = process.argv[2];
const t0 = performance.now();
await import(specifier);
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ ms })}\n`);
