// esbuild options for the browser fixture (tests/browser/bundlers.test.mjs runs them with
// absWorkingDir set to this folder). esbuild leaves the module's `new URL("spi_wasm_bg.wasm",
// import.meta.url)` alone, so the bundle looks for the .wasm next to itself: the one line spi-wasm
// needs is that file as a second entry point, copied (the `{ in, out }` entry and the loader).
export default {
  entryPoints: ["app.js", { in: "spi-wasm/spi_wasm_bg.wasm", out: "spi_wasm_bg" }],
  loader: { ".wasm": "copy" },
  bundle: true,
  format: "esm",
  outdir: "dist",
  logLevel: "warning",
};
