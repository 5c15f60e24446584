// esbuild options for Node-platform bundles of the Node ESM app (tests/js/bundlers.test.mjs runs
// them with absWorkingDir set to this folder): nothing for spi-wasm. The bundled Node entry finds
// spi_wasm_bg.wasm next to the bundle or, failing that, in the installed package.
const common = { entryPoints: ["../node-esm/app.mjs"], bundle: true, platform: "node", logLevel: "warning" };
export default [
  { ...common, format: "esm", outfile: "dist/app.mjs" },
  { ...common, format: "cjs", outfile: "dist/app.cjs", logOverride: { "empty-import-meta": "silent" } },
];
