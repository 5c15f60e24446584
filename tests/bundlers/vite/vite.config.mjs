// Vite config for the browser fixture (page + module worker): nothing for spi-wasm. Vite emits the
// module's `new URL("spi_wasm_bg.wasm", import.meta.url)` as an asset, in the worker bundle too.
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
export default {
  root: here,
  base: "./",
  logLevel: "warn",
  configFile: false,
  build: { outDir: "dist", emptyOutDir: true, modulePreload: { polyfill: false } },
  worker: { format: "es" },
};
