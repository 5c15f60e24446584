#!/usr/bin/env bash
# Builds the static site into dist/ with Vite (run after scripts/build.sh has made pkg/):
#   dist/index.html      the report page        dist/sidebar.html   the CRM sidebar (iframe)
#   dist/extension/      the Chrome MV3 extension (load unpacked), with its own copy of the module
# Prints the page's JS + wasm size, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/index.js ] || bash scripts/build.sh
[ -x node_modules/.bin/vite ] || npm ci --no-audit --no-fund

node_modules/.bin/vite build
cp www/sample.json dist/
SPI_BUILD=extension node_modules/.bin/vite build
cp www/extension/manifest.json www/extension/background.js www/sample.json dist/extension/
cp www/extension/icon.png dist/extension/ 2>/dev/null || true

# The report page's bytes: the JS its HTML loads (with the worker) and the wasm module.
node scripts/page-size.mjs dist
