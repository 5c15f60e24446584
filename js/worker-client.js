// `SpiWorkerEngine` (copied into pkg/ by scripts/build.sh): the caller's side of
// `spi-wasm/worker`. The module runs in a worker (worker.js in a browser, worker-thread.js in
// Node); this class sends it requests and turns the replies into promises, progress callbacks and
// `SpiError`s. It loads no Wasm itself, so a page's main thread stays light.
//
// The newest request wins. Each load, report and drill carries a generation number (one counter
// for all three). When a newer load starts, the loads, reports and drills still pending are
// settled at once with `superseded` (and the worker stops reading the older load); when a newer
// report (drill) starts, the older reports (drills) are. So an older result never replaces a
// newer one, and an older error never hides a newer result or error: callers ignore `superseded`.
import { SpiError, unknownKey } from "./error.js";

/** The options `load` reads: any other key is a misspelling, refused rather than ignored. */
const LOAD_OPTIONS = ["signal", "onProgress", "name", "mapping", "mappings", "totalBytes", "settings"];

/** The words this engine calls itself in messages (never a class name a bundler may minify). */
const NAME = "the spi-wasm worker engine";

/** The channel to a Web Worker (addEventListener) or a Node `worker_threads.Worker` (on). */
function channel(worker) {
  if (typeof worker?.postMessage !== "function") throw new SpiError(`${NAME} needs a Worker (an object with postMessage)`, { code: "invalid_argument" });
  const on = typeof worker.addEventListener === "function"
    ? (type, f) => worker.addEventListener(type, (event) => f(type === "message" ? event.data : event))
    : (type, f) => worker.on(type, f);
  return { post: (message, transfer) => worker.postMessage(message, transfer ?? []), on };
}

/** The message of a worker's 'error' event (an ErrorEvent in browsers, an Error in Node). */
const failure = (event) => String(event?.message || event?.error?.message || "no detail given");

export class SpiWorkerEngine {
  #worker;
  #channel;
  #pending = new Map();
  #next = 1;
  #gen = 0;
  /** The pending request ids by kind, for superseding them. */
  #kinds = { load: new Set(), report: new Set(), drill: new Set() };
  /** Set once the worker has stopped: every later call rejects with it. */
  #stopped = null;

  /** Wraps a started worker running the package's worker script (worker.js, or worker-thread.js in Node). */
  constructor(worker) {
    this.#worker = worker;
    this.#channel = channel(worker);
    this.#channel.on("message", (data) => this.#reply(data));
    const stop = (code, message) => this.#stop(new SpiError(message, { code }));
    this.#channel.on("error", (e) => stop("worker_failed", `${NAME} stopped: its worker failed (${failure(e)})`));
    this.#channel.on("messageerror", () => stop("worker_failed", `${NAME} could not read a reply of its worker`));
    this.#channel.on("exit", (code) => stop("worker_failed", `${NAME} stopped: its worker thread exited (code ${code})`));
  }

  #reply(data) {
    const call = this.#pending.get(data?.id);
    if (!call) return; // superseded or cancelled: already settled
    if (data.type === "progress") {
      const { id: _, type: __, ...progress } = data;
      return call.onProgress?.(progress);
    }
    this.#settle(data.id);
    if (data.type === "result") call.resolve(data.value);
    else call.reject(SpiError.from(data.error));
  }

  /** Forgets a pending call (it will not be answered to its caller again); returns it. */
  #settle(id) {
    const call = this.#pending.get(id);
    this.#pending.delete(id);
    call?.kinds?.delete(id);
    call?.cleanup?.();
    return call;
  }

  #stop(error) {
    this.#stopped ??= error;
    for (const id of [...this.#pending.keys()]) this.#settle(id).reject(error);
  }

  /** Rejects the pending calls of `kinds` with `superseded`. */
  #supersede(kinds, by) {
    for (const kind of kinds) {
      for (const id of [...this.#kinds[kind]]) {
        const message = `this ${kind} was superseded by a newer ${by} to ${NAME}`;
        this.#settle(id).reject(new SpiError(message, { code: "superseded" }));
      }
    }
  }

  #call(message, { kind, onProgress, signal, transfer } = {}) {
    if (this.#stopped) return Promise.reject(this.#stopped);
    if (signal?.aborted) return Promise.reject(new SpiError("the load was cancelled before it started", { code: "aborted" }));
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      const call = { resolve, reject, onProgress };
      if (kind) {
        call.kinds = this.#kinds[kind];
        call.kinds.add(id);
      }
      if (signal) {
        const abort = () => {
          this.#settle(id)?.reject(new SpiError("the load was cancelled", { code: "aborted" }));
          this.#channel.post({ id, type: "cancel" });
        };
        signal.addEventListener("abort", abort, { once: true });
        call.cleanup = () => signal.removeEventListener("abort", abort);
      }
      this.#pending.set(id, call);
      try {
        this.#channel.post({ ...message, id }, transfer);
      } catch (e) {
        this.#settle(id);
        reject(SpiError.from(e, "invalid_argument"));
      }
    });
  }

  /**
   * Loads a dataset into the worker, replacing the one before (freed as the load starts). `source`:
   * a File or Blob, a ReadableStream of bytes (transferred), JSON text or bytes, an object in the
   * canonical schema, or an array of Files or `{name, data, mapping?}` (one dataset from several
   * files). One canonical JSON file or stream is streamed, never whole in memory. Options: `name`
   * and `mapping` (one document), `mappings` ({fileName: mapping}), `totalBytes` (a stream's
   * size), `onProgress({phase, file, loaded, total, records, ...})`, `signal` (an AbortSignal:
   * rejects with `aborted` and stops the reading), `settings` (the user's, which win over the
   * files'; such a load is read whole). Resolves with the summary and its `periods`.
   */
  load(source, options = {}) {
    const refused = unknownKey(options, LOAD_OPTIONS, "options", "option");
    if (refused) return Promise.reject(refused);
    const { signal, onProgress, name, mapping, mappings, totalBytes, settings } = options ?? {};
    this.#supersede(["load", "report", "drill"], "load");
    const transfer = typeof ReadableStream !== "undefined" && source instanceof ReadableStream ? [source] : [];
    const sent = { name, mapping, mappings, totalBytes, settings };
    return this.#call({ type: "load", gen: ++this.#gen, source, options: sent }, { kind: "load", onProgress, signal, transfer });
  }

  /** The report of `query` over the loaded dataset (`onProgress` hears `computing`). */
  report(query, options = {}) {
    const refused = unknownKey(options, ["onProgress"], "options", "option");
    if (refused) return Promise.reject(refused);
    const { onProgress } = options ?? {};
    this.#supersede(["report"], "report");
    return this.#call({ type: "report", gen: ++this.#gen, query: query ?? null }, { kind: "report", onProgress });
  }

  /** The record ids behind one number of the report of `query`. */
  drill(query, request) {
    this.#supersede(["drill"], "drill");
    return this.#call({ type: "drill", gen: ++this.#gen, query: query ?? null, request }, { kind: "drill" });
  }

  /** Counts, date range, owners, segments and warnings of the loaded dataset. */
  summary() {
    return this.#call({ type: "summary" });
  }

  /** The named periods (this quarter, last 30 days...) at `at` (the dataset's asOf when omitted). */
  namedPeriods(at) {
    return this.#call({ type: "namedPeriods", at: at ?? null });
  }

  /** The canonical fields a mapping may name, by record kind (`mappingFields()`). */
  fields() {
    return this.#call({ type: "fields" });
  }

  /** Every indicator the module computes, in report order, with its label (`catalog()`). */
  catalog() {
    return this.#call({ type: "catalog" });
  }

  /** Frees the loaded dataset (a load still running is cancelled); the worker stays up. */
  free() {
    this.#supersede(["load", "report", "drill"], "free");
    return this.#call({ type: "free" }).then(() => undefined);
  }

  /** Stops the worker: pending and later calls reject with `terminated`. Idempotent. */
  terminate() {
    this.#stop(new SpiError(`${NAME} was terminated`, { code: "terminated" }));
    this.#worker.terminate?.();
  }
}
