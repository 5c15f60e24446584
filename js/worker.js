// The Web Worker script of `spi-wasm/worker` (copied into pkg/ by scripts/build.sh): the module
// runs here, off the page's main thread, and answers `SpiWorkerEngine` (worker-client.js). Start
// it as a module worker: `new Worker(new URL("spi-wasm/worker.js", ...), { type: "module" })`, or
// let `startEngine()` do it. The module is fetched next to index.js on the first request.
import { serve } from "./worker-serve.js";

serve(
  (message) => self.postMessage(message),
  (handler) => self.addEventListener("message", (event) => handler(event.data)),
);
