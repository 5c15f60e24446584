// The Web Worker that owns the Wasm module: it loads a dataset once, then answers report and
// drill requests. The main thread only renders. Every reply carries the request's `id`; long
// loads post `progress` messages (reading, parsing, computing) before the result.
//
// A single .json file and the sample are streamed (`SpiEngine.fromStream`): read chunk by chunk
// straight into the module, never whole in memory, with `loaded`/`total` bytes and `records` in
// the progress messages (a few per second), so a 1 GB file loads with a moving progress bar.
//
// Requests:  {id, type: "load", source}           source: {kind: "sample", url}
//                                                  | {kind: "files", files: File[], mappings?: {fileName: mapping}}
//                                                  | {kind: "json", data, accountId?} | {kind: "csv", csv, mapping?}
//                                                  each with settings?: the user's, which win over the files'
//                                                  (read whole through fromFiles, never streamed)
//            {id, type: "report", query}
//            {id, type: "drill", query, request}
//            {id, type: "fields"}                  the canonical fields a mapping may name, by kind
// Replies:   {id, type: "progress", phase, file?, index?, count?, loaded?, total?, records?}
//            {id, type: "result", value}           load -> summary, report -> report, drill -> drill,
//                                                  fields -> {kind: string[]}
//            {id, type: "error", error: {message, code, path, file}}
import init, { SpiEngine, mappingFields } from "../pkg/index.js";
import { accountSlice } from "./lib/focus.js";

let ready = null;
let engine = null;

const progress = (id, phase, extra = {}) => postMessage({ id, type: "progress", phase, ...extra });

async function readFile(id, file, index, count, mapping) {
  progress(id, "reading", { file: file.name, index, count });
  return { name: file.name, data: new Uint8Array(await file.arrayBuffer()), mapping: mapping ?? null };
}

async function sourceFiles(id, source) {
  switch (source.kind) {
    case "sample": {
      progress(id, "reading", { file: source.url });
      const response = await fetch(source.url);
      if (!response.ok) throw new Error(`${source.url}: HTTP ${response.status}`);
      return [{ name: "sample.json", data: new Uint8Array(await response.arrayBuffer()) }];
    }
    case "files": {
      const out = [];
      const mappings = source.mappings ?? {};
      for (const [i, file] of source.files.entries()) out.push(await readFile(id, file, i, source.files.length, mappings[file.name]));
      return out;
    }
    case "json": {
      // A focus on one account keeps only its records (canonical JSON only: CSV has no slice).
      let data = source.data;
      if (source.accountId != null) data = accountSlice(typeof data === "string" ? JSON.parse(data) : data, source.accountId);
      return [{ name: "data.json", data: typeof data === "string" ? data : JSON.stringify(data) }];
    }
    case "csv":
      if (source.accountId != null) throw Object.assign(new Error("focus.accountId needs canonical JSON data, not CSV"), { code: "invalid_argument", path: "focus.accountId" });
      return [{ name: "data.csv", data: source.csv, mapping: source.mapping ?? null }];
    default:
      throw Object.assign(new Error(`unknown source kind ${source.kind}`), { code: "invalid_argument" });
  }
}

/** Milliseconds between two progress messages of a streamed load. */
const PROGRESS_EVERY = 100;

/** Canonical JSON from a stream of bytes into a new engine, posting progress as it reads. */
function streamJson(id, name, stream, total) {
  let posted = 0;
  const report = (loaded, records) => progress(id, "reading", { file: name, loaded, total, records });
  report(0, 0);
  return SpiEngine.fromStream(stream, {
    totalBytes: total,
    onProgress: ({ bytesRead, recordsRead }) => {
      const now = performance.now();
      if (now - posted < PROGRESS_EVERY) return;
      posted = now;
      report(bytesRead, recordsRead);
    },
  });
}

/** The source as a stream, when it is one canonical JSON document: {name, stream, total}. */
async function streamOf(id, source) {
  if (source.settings) return null;
  if (source.kind === "sample") {
    progress(id, "reading", { file: source.url });
    const response = await fetch(source.url);
    if (!response.ok) throw new Error(`${source.url}: HTTP ${response.status}`);
    const length = Number(response.headers.get("content-length"));
    return { name: "sample.json", stream: response.body, total: length > 0 ? length : null };
  }
  const file = source.kind === "files" && source.files.length === 1 ? source.files[0] : null;
  if (file && !source.mappings?.[file.name] && file.name.toLowerCase().endsWith(".json")) return { name: file.name, stream: file.stream(), total: file.size };
  return null;
}

async function open(id, source) {
  const streamed = await streamOf(id, source);
  if (streamed) return streamJson(id, streamed.name, streamed.stream, streamed.total);
  const files = await sourceFiles(id, source);
  progress(id, "parsing", { bytes: files.reduce((n, f) => n + (f.data.length ?? 0), 0) });
  if (source.settings) return SpiEngine.fromFiles(files, { settings: source.settings });
  return files.length === 1 && !files[0].name.toLowerCase().endsWith(".csv") && !files[0].mapping
    ? SpiEngine.fromJson(files[0].data)
    : SpiEngine.fromFiles(files);
}

async function load(id, source) {
  const next = await open(id, source);
  engine?.free();
  engine = next;
  // The period menu's dates come from the core (calendar, retail periods, time zone), at asOf.
  return { ...engine.summary(), periods: engine.namedPeriods() };
}

function needEngine() {
  if (!engine) throw Object.assign(new Error("no dataset loaded"), { code: "no_dataset" });
  return engine;
}

const handlers = {
  load: (m) => load(m.id, m.source),
  report: (m) => {
    progress(m.id, "computing");
    return needEngine().report(m.query ?? null);
  },
  drill: (m) => needEngine().drill(m.query ?? null, m.request),
  fields: () => mappingFields(),
};

self.onmessage = async ({ data: message }) => {
  const { id, type } = message;
  try {
    ready ??= init();
    await ready;
    const handler = handlers[type];
    if (!handler) throw Object.assign(new Error(`unknown request ${type}`), { code: "invalid_argument" });
    postMessage({ id, type: "result", value: await handler(message) });
  } catch (e) {
    const error = { message: String(e?.message ?? e), code: e?.code ?? "error", path: e?.path ?? "", file: e?.file };
    postMessage({ id, type: "error", error });
  }
};
