#!/usr/bin/env bash
# Measures the .wasm at each rustc opt-level and wasm-opt level: size raw and gzip -9, and the
# time of a report on 50,000 synthetic deals (scripts/wasm-speed.mjs). Needs `npm run build` once
# (for the wasm32 target, wasm-bindgen-cli and node_modules). Takes ~5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-10s %-9s %9s %9s  %s\n' opt-level wasm-opt raw gzip timings
for level in s z 2 3; do
  CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=$level \
    cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown --lib
  wasm-bindgen --target web --out-dir "$out/$level" target/wasm32-unknown-unknown/wasm-release/spi_wasm.wasm 2>/dev/null
  for wopt in -Oz -O3; do
    node_modules/.bin/wasm-opt "$wopt" "$out/$level/spi_wasm_bg.wasm" -o "$out/$level/opt.wasm"
    printf '%-10s %-9s %9s %9s  %s\n' "$level" "$wopt" "$(stat -c %s "$out/$level/opt.wasm")" \
      "$(gzip -9 -c "$out/$level/opt.wasm" | wc -c)" "$(node scripts/wasm-speed.mjs "$out/$level" opt.wasm)"
  done
done
