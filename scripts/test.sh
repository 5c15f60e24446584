#!/usr/bin/env bash
# Every test in one command: clippy (native and wasm32), native cargo tests, the Wasm tests under Node
# (wasm-bindgen-test-runner), the built package under `node --test`, and a browser smoke test in
# Debian's Chromium (the Vite-built page, sidebar and extension). Installs what it needs: the wasm32 target and wasm-bindgen-cli (through
# scripts/build.sh), Node packages (npm ci, when missing), Chromium (apt, when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
start=$(date +%s)
step() { printf '\n== [%ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }
mkdir -p target

if [ ! -x /usr/bin/chromium ]; then
  step "installing Debian's chromium in the background (browser smoke test)"
  ( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ) \
    > target/apt-chromium.log 2>&1 &
  apt_pid=$!
fi

step "npm run build (Wasm package into pkg/)"
bash scripts/build.sh

step "cargo clippy (no unwrap/expect/panic/indexing on input paths: the lints in src/lib.rs)"
cargo clippy --version > /dev/null 2>&1 || rustup component add clippy
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings

step "cargo doc (every doc link resolves: public docs link no private item, private docs no stale name)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --document-private-items

step "cargo test (native)"
cargo test

step "cargo test --target wasm32-unknown-unknown --test wasm_node (Wasm under Node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm_node

step "SPI_TEST_FAULT=1 scripts/build.sh (the test build with __triggerInternalFault, for the fault tests)"
SPI_TEST_FAULT=1 bash scripts/build.sh

step "node --test tests/js/ (the built package)"
cargo build --quiet --bin spi
node --test tests/js/

if [ -n "${apt_pid:-}" ]; then
  step "waiting for the chromium install"
  wait "$apt_pid" || { cat target/apt-chromium.log; exit 1; }
fi
step "scripts/build-page.sh (Vite: the page, the sidebar and the extension into dist/)"
bash scripts/build-page.sh

step "node --test tests/browser/ (the built pages and the extension in Chromium)"
node --test tests/browser/

step "all tests passed"
