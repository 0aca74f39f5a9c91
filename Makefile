# The two commands of the README: `make demo` (the main job) and `make test` (every test).
.PHONY: setup build build-dev test test-consumers test-next demo bench sandbox clean

setup:
	bash scripts/setup.sh

build: setup
	node scripts/build.mjs

build-dev: setup
	node scripts/build.mjs --dev

test:
	bash scripts/test.sh

# The packed package in fresh projects (also a step of `make test`): Node, Bun, Deno and bundlers (~1 min), mfa-flows/testing and its examples (~40 s),
# Next.js with Turbopack and webpack (~1.5 min).
test-consumers: build
	node --test --test-concurrency=1 js-tests/consumers/packages.consumer.mjs js-tests/consumers/testing.consumer.mjs

test-next: build
	node --test js-tests/consumers/next.consumer.mjs

demo: build
	node scripts/demo.mjs

bench: build
	node bench/run.mjs

sandbox:
	node sandbox/server.mjs

clean:
	rm -rf pkg target/wasm32-unknown-unknown
