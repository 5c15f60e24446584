// The worker side of `spi-wasm/worker` (copied into pkg/ by scripts/build.sh): owns one
// `SpiEngine` and answers the requests of `SpiWorkerEngine` (worker-client.js). It is run by
// worker.js in a Web Worker and by worker-thread.js in a Node worker thread; `serve` takes the
// channel as two functions, so the protocol itself knows neither.
//
// Requests:  {id, type: "load", gen, source, options: {name?, mapping?, mappings?, totalBytes?}}
//            {id, type: "cancel"}                     aborts the load with that id
//            {id, type: "report", gen, query}         {id, type: "drill", gen, query, request}
//            {id, type: "summary"}  {id, type: "namedPeriods", at}  {id, type: "fields"}  {id, type: "catalog"}  {id, type: "free"}
// Replies:   {id, type: "progress", phase, file?, index?, count?, loaded?, total?, records?, bytes?}
//            {id, type: "result", value}              load -> summary with `periods`
//            {id, type: "error", error}               error: SpiError.from(e).toJSON()
//
// The newest request wins, here as in the client: a load aborts the load still running (its
// stream stops being read) and drops the dataset before it; a report or drill waits for the
// newest load, and is skipped (`superseded`) when a newer one of its kind or a newer load came in
// meanwhile. `gen` is the client's counter, shared by every kind, increasing with each request.
import init, { SpiEngine, SpiError, catalog, mappingFields } from "./index.js";
import { jsonText } from "./objects.js";
import { unknownKey } from "./error.js";

/** Milliseconds between two progress messages of a streamed load (a few per second). */
const PROGRESS_EVERY = 100;

const superseded = (what) =>
  new SpiError(`this ${what} was superseded by a newer request to the spi-wasm engine`, { code: "superseded" });
const aborted = () => new SpiError("the load was cancelled", { code: "aborted" });

/** True for a source read as one canonical JSON document (streamed when it is a stream or Blob). */
const canonical = (name, mapping) => mapping == null && (name == null || name.toLowerCase().endsWith(".json"));

/** The stream read until `signal` aborts; then reading fails and the source is cancelled. */
function abortable(stream, signal) {
  const reader = stream.getReader();
  const stop = new Promise((_, reject) => signal.addEventListener("abort", () => reject(aborted()), { once: true }));
  stop.catch(() => {});
  return new ReadableStream(
    {
      async pull(controller) {
        try {
          const { done, value } = await Promise.race([reader.read(), stop]);
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (e) {
          reader.cancel(e).catch(() => {});
          controller.error(e);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Bytes the module reads: a Uint8Array (other views and ArrayBuffers are viewed as one). */
const asBytes = (data) =>
  data instanceof ArrayBuffer ? new Uint8Array(data)
  : ArrayBuffer.isView(data) && !(data instanceof Uint8Array) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  : data;

const isStream = (value) => typeof ReadableStream !== "undefined" && value instanceof ReadableStream;
const isBlob = (value) => typeof Blob !== "undefined" && value instanceof Blob;

/** Serves requests arriving through `listen(handler)`, answering through `post(message)`. */
export function serve(post, listen) {
  let ready = null;
  let engine = null;
  /** The newest load while it runs: {gen, done} (`done` settles once `engine` is updated). */
  let loading = null;
  /** The newest `gen` seen per kind; a load counts for every kind. */
  const latest = { load: 0, report: 0, drill: 0 };
  /** AbortControllers of the loads still running, by request id. */
  const running = new Map();
  /** The request's generation; a request without one (a hand-written client) counts as the newest. */
  let lastGen = 0;
  const genOf = (message) => {
    const gen = Number.isFinite(message.gen) ? message.gen : lastGen + 1;
    lastGen = Math.max(lastGen, gen);
    return gen;
  };

  async function open(id, source, options, signal) {
    const progress = (phase, extra = {}) => post({ id, type: "progress", phase, ...extra });
    // The user's settings win over the files' (fromFiles' second argument): a load with them is
    // read whole through fromFiles, never streamed.
    const settings = options.settings ?? null;
    const fromFiles = (files) => (settings ? SpiEngine.fromFiles(files, { settings }) : SpiEngine.fromFiles(files));
    const check = () => {
      if (signal.aborted) throw signal.reason;
    };
    const streamed = (name, stream, total) => {
      let posted = 0;
      // Progress names an unnamed stream "data.json"; the engine is given only a real name.
      const report = (loaded, records) => progress("reading", { file: name ?? "data.json", loaded, total, records });
      report(0, 0);
      return SpiEngine.fromStream(abortable(stream, signal), {
        name: name ?? undefined,
        totalBytes: total ?? undefined,
        onProgress: ({ bytesRead, recordsRead }) => {
          const now = performance.now();
          if (now - posted < PROGRESS_EVERY) return;
          posted = now;
          report(bytesRead, recordsRead);
        },
      });
    };
    const readAll = async (data, name, index, count) => {
      progress("reading", { file: name, index, count });
      if (isBlob(data)) return new Uint8Array(await data.arrayBuffer());
      if (isStream(data)) return new Uint8Array(await new Response(abortable(data, signal)).arrayBuffer());
      return asBytes(data);
    };
    const parsing = (files) => progress("parsing", { bytes: files.reduce((n, f) => n + (f.data.length ?? 0), 0) });

    // Several files: one dataset, as `spi report --data a --data b`.
    if (Array.isArray(source)) {
      const entries = source.map((item, i) => {
        const entry = isBlob(item) || isStream(item) ? { name: item.name, data: item } : item ?? {};
        // A misspelled field (`maping`) would leave the file read otherwise than asked.
        const refused = unknownKey(entry, ["name", "data", "mapping"], `source[${i}]`, "field");
        if (refused) throw refused;
        const name = entry.name ?? `files[${i}]`;
        return { name, data: entry.data, mapping: entry.mapping ?? options.mappings?.[name] ?? null };
      });
      const [one] = entries;
      if (!settings && entries.length === 1 && (isBlob(one.data) || isStream(one.data)) && canonical(one.name, one.mapping)) {
        return streamed(one.name, isBlob(one.data) ? one.data.stream() : one.data, isBlob(one.data) ? one.data.size : options.totalBytes);
      }
      const files = [];
      for (const [i, e] of entries.entries()) {
        files.push({ name: e.name, data: await readAll(e.data, e.name, i, entries.length), mapping: e.mapping });
        check();
      }
      parsing(files);
      return fromFiles(files);
    }
    // Records as objects, in the canonical schema.
    if (source !== null && typeof source === "object" && !isBlob(source) && !isStream(source) && !ArrayBuffer.isView(source) && !(source instanceof ArrayBuffer)) {
      progress("parsing", {});
      return settings ? fromFiles([{ name: "data.json", data: jsonText(source) }]) : SpiEngine.fromObject(source);
    }
    // One document: a File or Blob, a stream, text or bytes.
    const name = options.name ?? source?.name ?? null;
    const mapping = options.mapping ?? null;
    if (!settings && canonical(name, mapping)) {
      if (isBlob(source)) return streamed(name, source.stream(), source.size);
      if (isStream(source)) return streamed(name, source, options.totalBytes);
      const data = asBytes(source);
      parsing([{ data }]);
      return SpiEngine.fromJson(data);
    }
    const files = [{ name, data: await readAll(source, name, 0, 1), mapping }];
    check();
    parsing(files);
    return fromFiles(files);
  }

  async function load(message) {
    const { id, source, options = {} } = message;
    const gen = genOf(message);
    for (const kind of Object.keys(latest)) latest[kind] = Math.max(latest[kind], gen);
    for (const controller of running.values()) controller.abort(superseded("load"));
    engine?.free();
    engine = null;
    const controller = new AbortController();
    running.set(id, controller);
    const task = open(id, source, options, controller.signal).then(
      (next) => {
        if (gen !== latest.load) {
          next.free();
          throw superseded("load");
        }
        engine = next;
        return next;
      },
      (e) => {
        throw controller.signal.aborted ? controller.signal.reason : e;
      },
    );
    const done = task.then(() => {}, () => {}).finally(() => {
      running.delete(id);
      if (loading?.gen === gen) loading = null;
    });
    loading = { gen, done };
    const loaded = await task;
    // The period menu's dates come from the core (calendar, retail periods, time zone), at asOf.
    return { ...loaded.summary(), periods: loaded.namedPeriods() };
  }

  /** The newest load's engine, once it has finished; `no_dataset` when there is none. */
  async function current() {
    while (loading) await loading.done;
    if (!engine) throw new SpiError("no dataset is loaded in the spi-wasm engine (none was, or the last load failed or was freed)", { code: "no_dataset" });
    return engine;
  }

  /** `current()` for a request of `kind`, unless a newer one (or a newer load) came in meanwhile. */
  async function newest(kind, message) {
    const gen = genOf(message);
    latest[kind] = Math.max(latest[kind], gen);
    const out = await current();
    if (gen < latest[kind]) throw superseded(kind);
    return out;
  }

  const handlers = {
    load,
    cancel: ({ id }) => {
      running.get(id)?.abort(aborted());
    },
    report: async (message) => {
      const e = await newest("report", message);
      const { id, query } = message;
      post({ id, type: "progress", phase: "computing" });
      return e.report(query ?? null);
    },
    drill: async (message) => (await newest("drill", message)).drill(message.query ?? null, message.request),
    summary: async () => (await current()).summary(),
    namedPeriods: async ({ at }) => (await current()).namedPeriods(at ?? undefined),
    fields: () => mappingFields(),
    catalog: () => catalog(),
    free: () => {
      for (const controller of running.values()) controller.abort(aborted());
      engine?.free();
      engine = null;
    },
  };

  listen(async (message) => {
    const { id, type } = message ?? {};
    // A cancel answers nothing: the load it cancels answers `aborted`.
    if (type === "cancel") return handlers.cancel(message);
    try {
      // A failed instantiation (the .wasm not found) is retried by the next request.
      ready ??= init().catch((e) => {
        ready = null;
        throw e;
      });
      await ready;
      const handler = handlers[type];
      if (!handler) throw new SpiError(`the spi-wasm engine has no request "${type}"`, { code: "invalid_argument", path: "type" });
      post({ id, type: "result", value: (await handler(message)) ?? null });
    } catch (e) {
      post({ id, type: "error", error: SpiError.from(e).toJSON() });
    }
  });
}
