// webpack 5 config for the browser fixture: nothing for spi-wasm. webpack turns the module's
// `new URL("spi_wasm_bg.wasm", import.meta.url)` into an emitted asset and its URL by itself.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  context: fileURLToPath(new URL(".", import.meta.url)),
  entry: "./app.js",
  output: { path: fileURLToPath(new URL("dist", import.meta.url)), filename: "app.js" },
  performance: { hints: false },
};
