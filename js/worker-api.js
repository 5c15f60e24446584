// `spi-wasm/worker` in browsers and bundlers (copied into pkg/ by scripts/build.sh): the engine
// in a Web Worker. `startEngine()` starts the package's worker script (worker.js); bundlers that
// follow `new Worker(new URL(..., import.meta.url))` (Vite, webpack 5) bundle it with the module.
// A page under Trusted Types (a Worker URL is a TrustedScriptURL sink) passes its own `url`, or
// starts the worker itself and wraps it: `new SpiWorkerEngine(worker)`.
import { SpiWorkerEngine } from "./worker-client.js";

export { SpiWorkerEngine };
export { SpiError } from "./error.js";

/** Starts the worker (`url`: the script, e.g. a TrustedScriptURL; worker.js next to this file by default). */
export function startEngine({ url } = {}) {
  const worker = url
    ? new Worker(url, { type: "module", name: "spi-wasm engine" })
    : new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "spi-wasm engine" });
  return new SpiWorkerEngine(worker);
}
