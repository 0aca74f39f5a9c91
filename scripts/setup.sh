#!/usr/bin/env bash
# Installs everything the build and the tests need, from the package registries only.
# Idempotent: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    step "rustup component add $component"
    rustup component add "$component"
  fi
done

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(.tools/bin/wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  step "cargo install wasm-bindgen-cli $want into .tools/ (about 2 minutes)"
  # --locked can fail when the registry lags one transitive crate: fall back to a fresh resolve.
  cargo install wasm-bindgen-cli --version "=$want" --root .tools --locked --force \
    || cargo install wasm-bindgen-cli --version "=$want" --root .tools --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/.package-lock.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

# Debian packages: headless Chromium for the browser tests, redis-server for the proxy's shared store.
apt_missing=""
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || apt_missing="chromium chromium-driver"
command -v redis-server >/dev/null 2>&1 || apt_missing="$apt_missing redis-server"
if [ -n "$apt_missing" ]; then
  step "apt-get install$apt_missing"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086 # the list is words
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $apt_missing >/dev/null
fi
step "ok"
