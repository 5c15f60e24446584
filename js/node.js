// The Node entry of spi-wasm (copied into pkg/ by scripts/build.sh): instantiates the module
// synchronously from the file next to it, so that `import { SpiEngine } from "spi-wasm"` works in
// Node with no init call. Browsers and bundlers use index.js and call `await init()` (it fetches
// spi_wasm_bg.wasm next to the module).
import { readFileSync } from "node:fs";
import init, { initSync } from "./index.js";
initSync({ module: readFileSync(new URL("./spi_wasm_bg.wasm", import.meta.url)) });
export * from "./index.js";
export default init;
