// `spi-wasm/worker` in Node (copied into pkg/ by scripts/build.sh): the engine in a
// `worker_threads` thread (worker-thread.js), with the same API as in browsers. The thread keeps
// the process alive until `engine.terminate()`.
import { Worker } from "node:worker_threads";
import { SpiWorkerEngine } from "./worker-client.js";

export { SpiWorkerEngine };
export { SpiError } from "./error.js";

/** Starts a worker thread running the module (`url`: another thread script, for tests). */
export function startEngine({ url } = {}) {
  return new SpiWorkerEngine(new Worker(url ?? new URL("./worker-thread.js", import.meta.url), { name: "spi-wasm engine" }));
}
