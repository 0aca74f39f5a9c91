# The two commands of the README: `make demo` (the main job) and `make test` (every test).
.PHONY: setup build build-dev test demo bench sandbox clean

setup:
	bash scripts/setup.sh

build: setup
	node scripts/build.mjs

build-dev: setup
	node scripts/build.mjs --dev

test:
	bash scripts/test.sh

demo: build
	node scripts/demo.mjs

bench: build
	node bench/run.mjs

sandbox:
	node sandbox/server.mjs

clean:
	rm -rf pkg target/wasm32-unknown-unknown
