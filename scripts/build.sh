#!/usr/bin/env bash
# Builds the npm package into pkg/ from a fresh machine:
#   wasm32 target (rustup) -> wasm-bindgen-cli at the version Cargo.lock pins -> cargo build
#   (profile wasm-release) -> wasm-bindgen --target web -> wasm-opt (npm binaryen) -> the entries
#   index.js (guards every export, js/index.js) and node.js.
# Prints the .wasm size raw and gzipped.
#
# Knobs (for measuring, not for everyday use):
#   SPI_WASM_OPT="-O3"    wasm-opt level (default -Os; --converge and the strips below are added)
#   CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=z   rustc opt-level override (cargo reads it)
#   SPI_TEST_FAULT=1      the test build instead (scripts/test.sh): cargo feature `test-fault`
#                         (exports __triggerInternalFault), dev profile, no wasm-opt, into
#                         target/pkg-test-fault/; pkg/ is left alone.
#   SPI_BENCH=1           the benchmark build (npm run bench): cargo feature `bench` (exports
#                         parseFloor, the serde_json floor), wasm-release + wasm-opt as shipped, into
#                         target/pkg-bench/; pkg/ is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
wasm_opt_level="${SPI_WASM_OPT:--Os}"
step() { printf '\n== %s\n' "$*"; }
if [ -n "${SPI_TEST_FAULT:-}" ]; then
  out=target/pkg-test-fault cargo_args=(--features test-fault) raw=target/wasm32-unknown-unknown/debug/spi_wasm.wasm
elif [ -n "${SPI_BENCH:-}" ]; then
  out=target/pkg-bench cargo_args=(--profile wasm-release --features bench) raw=target/wasm32-unknown-unknown/wasm-release/spi_wasm.wasm
else
  out=pkg cargo_args=(--profile wasm-release) raw=target/wasm32-unknown-unknown/wasm-release/spi_wasm.wasm
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  step "cargo install wasm-bindgen-cli $want (have: ${have:-none}; takes a few minutes once)"
  # --locked first (the CLI's own tested lock file). When the registry lacks a version that lock
  # names (seen here: webpki-roots 1.0.11), resolve afresh: same CLI source, compatible deps.
  if ! cargo install wasm-bindgen-cli --version "$want" --locked; then
    echo "(--locked failed, see above: resolving the CLI's dependencies afresh)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ]; then
  step "npm ci (wasm-opt from the binaryen npm package, esbuild for the CommonJS entry)"
  npm ci --no-audit --no-fund
fi

step "cargo build ${cargo_args[*]} --target wasm32-unknown-unknown --lib"
cargo build "${cargo_args[@]}" --target wasm32-unknown-unknown --lib

# --experimental-reset-state-function: the glue gains __wbg_reset_state(), which re-instantiates
# the module after a fault and makes objects of the old instance refuse calls; index.js uses it.
step "wasm-bindgen --target web -> $out/"
rm -rf "$out"
wasm-bindgen --target web --experimental-reset-state-function --out-dir "$out" "$raw"

# The entries: index.js (the glue with every export guarded against internal faults) for
# browsers and bundlers, node.js (index.js, initialised on import) for Node, spi-wasm/worker
# (worker-api.js, worker-node.js: the engine in a worker; its types are written by hand), and
# node.cjs for `require("spi-wasm")` on Node 20 (which cannot require an ES module): node.js with
# the glue bundled into one CommonJS file by esbuild (node.js finds the .wasm through __dirname there).
cp js/*.js js/*.d.ts "$out/"
node_modules/.bin/esbuild "$out/node.js" --bundle --platform=node --format=cjs --target=node20 \
  --log-level=warning --log-override:empty-import-meta=silent --outfile="$out/node.cjs"
# Their types: the glue's, less __wbg_reset_state, which only index.js may call.
grep -v '^export function __wbg_reset_state' "$out/spi_wasm.d.ts" > "$out/index.d.ts"
cp "$out/index.d.ts" "$out/node.d.ts"
cp "$out/index.d.ts" "$out/node.d.cts"
rm -f "$out/.gitignore" "$out/package.json"

if [ -n "${SPI_TEST_FAULT:-}" ]; then
  echo 'export const __triggerInternalFault = tracking(glue.__triggerInternalFault);' >> "$out/index.js"
  step "$out: the test-fault build ($(stat -c %s "$out/spi_wasm_bg.wasm") bytes, not optimised)"
  exit 0
fi

# -Os, not -Oz: on this code -Os is smaller once gzipped (session 9: 505,110 -> 503,496 B gzip -9;
# raw 0.5% larger: -Oz inlines less, which gzip compresses back) and no slower in the module (alt-100k,
# 11 alternated processes). --converge repeats the passes until the module stops shrinking (-343 B
# gzip). The producers and target_features sections only describe the toolchain (wasm-bindgen has
# read target_features already): -226 B gzip.
# --low-memory-unused: wasm-opt may assume no access lands below 1 KB by wrapping past 4 GB, and
# folds a small constant added to a pointer into the load's or store's offset (-4,006 B gzip,
# session 15; no slower in the module, 40 alternated processes). The fold differs only when
# pointer + constant wraps, which Rust never forms: the shadow stack grows down from 1 MB with
# the data above it, so even a ~1 MB deep stack reaches low memory as a plain positive address.
step "wasm-opt $wasm_opt_level --low-memory-unused --converge"
node_modules/.bin/wasm-opt "$wasm_opt_level" --low-memory-unused --converge --strip-producers --strip-target-features \
  "$out/spi_wasm_bg.wasm" -o "$out/spi_wasm_bg.opt.wasm"
mv "$out/spi_wasm_bg.opt.wasm" "$out/spi_wasm_bg.wasm"

bytes=$(stat -c %s "$out/spi_wasm_bg.wasm")
# -n: no file name or time in the header, so this is the size `gzip -9 < file` gives (17 B less).
gz=$(gzip -9 -n -c "$out/spi_wasm_bg.wasm" | wc -c)
step "$out/spi_wasm_bg.wasm: $bytes bytes raw, $gz bytes gzip -9 (wasm-opt $wasm_opt_level, rustc opt-level ${CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL:-from Cargo.toml})"
