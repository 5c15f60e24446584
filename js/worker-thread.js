// The Node worker thread of `spi-wasm/worker` (copied into pkg/ by scripts/build.sh): the Node
// entry (node.js) instantiates the module from the file next to it, then the same protocol as in
// a Web Worker (worker-serve.js) answers the parent's `SpiWorkerEngine`.
import { parentPort } from "node:worker_threads";
import "./node.js";
import { serve } from "./worker-serve.js";

serve(
  (message) => parentPort.postMessage(message),
  (handler) => parentPort.on("message", handler),
);
