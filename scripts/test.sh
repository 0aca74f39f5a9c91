#!/usr/bin/env bash
# Every test of the project, from a fresh clone: set-up, lints, native tests, the built package
# in Node against the sandbox, TypeScript consumers, headless Chromium, the size budget.
set -euo pipefail
cd "$(dirname "$0")/.."

passed=0
run() {
  local name=$1; shift
  printf '\n== %s: %s\n' "$name" "$*"
  "$@"
  passed=$((passed + 1))
}

run setup bash scripts/setup.sh
run fmt cargo fmt --all -- --check
run clippy cargo clippy --workspace --all-targets -- -D warnings
run clippy-wasm32 cargo clippy --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings
# Each npm entry's module (one cargo feature each) must build on its own: the library only.
for feature in riffyn belvo onelogin totp proxy; do
  run "clippy-wasm32-$feature" cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features "$feature" -- -D warnings
done
run cargo-test cargo test
# The wasm-only code (the JSON.parse walker, the JS writers, the fetch transport's error paths, wasm::sys)
# under wasm-bindgen-test, in Node and in headless Chromium; the runner is wasm-bindgen-cli's (setup.sh).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$PWD/.tools/bin/wasm-bindgen-test-runner"
run wasm-tests-node cargo test --target wasm32-unknown-unknown --lib
run wasm-tests-chromium env CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
  cargo test --target wasm32-unknown-unknown --lib
run build node scripts/build.mjs
run size node scripts/size-check.mjs
# The 1000-concurrent-flow load tests first and alone: they measure the module, not the machine.
run load-tests node --test js-tests/concurrency.load.mjs
run node-tests node --test --test-concurrency=2 sandbox/test/ js-tests/
# The packed tarball in fresh projects (Node, Bun, Deno, Vite, webpack, esbuild, Rollup, mfa-flows/testing and its
# examples, Next.js; ~3 min):
# after the timing-sensitive tests above, one file at a time, since `next build` takes both cores.
run consumers node --test --test-concurrency=1 js-tests/consumers/packages.consumer.mjs js-tests/consumers/seams.consumer.mjs js-tests/consumers/testing.consumer.mjs js-tests/consumers/next.consumer.mjs
run typescript node_modules/.bin/tsc -p js-tests/types/tsconfig.json
# Strict consumers without skipLibCheck or @types/node: lib ES2020 + DOM (nodenext resolution) and
# lib ES2023 + DOM (bundler resolution), as in the README.
run typescript-es2020 node_modules/.bin/tsc -p js-tests/types/tsconfig.es2020.json
run typescript-es2023 node_modules/.bin/tsc -p js-tests/types/tsconfig.es2023.json
# React 19 JSX of <mfa-challenge> (@types/react): the tag, its properties and typed event details.
run typescript-react node_modules/.bin/tsc -p js-tests/types/tsconfig.react.json

printf '\nsteps: %d passed, 0 failed\n' "$passed"
