// The page's Web Worker: the package's worker script (spi-wasm/worker), bundled by Vite.
import "../pkg/worker.js";
