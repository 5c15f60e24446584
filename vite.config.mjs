// Builds www/ into dist/: the report page and the CRM sidebar, with relative URLs ('./') so the
// folder works from any static host, the Wasm module and the worker as hashed assets, and no
// inline script or style anywhere (the pages run under a CSP without 'unsafe-inline').
// scripts/build-page.sh runs this, then a second build of www/extension/ into dist/extension/.
import { defineConfig } from "vite";
import { resolve } from "node:path";

const www = resolve(import.meta.dirname, "www");
const extension = process.env.SPI_BUILD === "extension";

export default defineConfig({
  root: extension ? resolve(www, "extension") : www,
  base: "./",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: resolve(import.meta.dirname, extension ? "dist/extension" : "dist"),
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      input: extension
        ? { panel: resolve(www, "extension/panel.html") }
        : { index: resolve(www, "index.html"), sidebar: resolve(www, "sidebar.html") },
    },
  },
  worker: { format: "es" },
  server: { fs: { allow: [import.meta.dirname] } },
});
