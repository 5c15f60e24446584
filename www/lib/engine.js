// The pages' engine: the package's worker API (spi-wasm/worker, pkg/worker-client.js) on the
// page's worker (www/worker.js, the package's worker script). The worker URL goes through the one
// Trusted Types policy the pages allow ("spi-worker"), which accepts only this same-origin worker
// script and nothing else. `loadSource` turns the pages' sources (the sample, dropped files, a
// host's data) into the API's loads.
import workerUrl from "../worker.js?worker&url";
import { SpiWorkerEngine } from "../../pkg/worker-client.js";
import { SpiError } from "../../pkg/error.js";
import { accountSlice } from "./focus.js";

function trustedWorkerUrl() {
  const expected = new URL(workerUrl, import.meta.url).href;
  const tt = globalThis.trustedTypes;
  if (!tt) return expected;
  const policy = tt.createPolicy("spi-worker", {
    createScriptURL: (url) => {
      if (url !== expected) throw new TypeError(`refused worker URL ${url}`);
      return url;
    },
  });
  return policy.createScriptURL(expected);
}

/** Starts the worker: an `SpiWorkerEngine` (load, report, drill, fields...; the newest request wins). */
export function startEngine() {
  return new SpiWorkerEngine(new Worker(trustedWorkerUrl(), { type: "module", name: "spi-engine" }));
}

/** The sample's bytes, fetched when the worker first reads them (so the load is ordered among
 * the others from the moment it is asked for, not once the response has come). */
function fetched(url) {
  let reader = null;
  return new ReadableStream({
    async pull(controller) {
      if (!reader) {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        reader = response.body.getReader();
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader?.cancel(reason),
  });
}

/**
 * Loads a page source into `engine`: {kind: "sample", url} | {kind: "files", files, mappings?} |
 * {kind: "json", data, accountId?} | {kind: "csv", csv, mapping?}. A focus on one account keeps
 * only its records (canonical JSON only: CSV has no slice).
 */
export async function loadSource(engine, source, options = {}) {
  switch (source.kind) {
    case "sample":
      return engine.load(fetched(source.url), { ...options, name: "sample.json" });
    case "files":
      return engine.load([...source.files], { ...options, mappings: source.mappings ?? {} });
    case "json": {
      const mapping = source.mapping ?? null;
      if (mapping != null) {
        // A mapping reads an API response's records: JSON text, as a file's (an object would
        // be read as the canonical schema, the mapping unused).
        if (typeof source.data !== "string") {
          throw new SpiError("a mapping applies to JSON text or CSV: send data as JSON text (JSON.stringify(data)) with the mapping", { code: "invalid_argument", path: "mapping" });
        }
        if (source.accountId != null) throw new SpiError("focus.accountId needs canonical JSON data, not a mapped response", { code: "invalid_argument", path: "focus.accountId" });
        return engine.load(source.data, { ...options, mapping });
      }
      if (source.accountId == null) return engine.load(source.data, options);
      let data = source.data;
      try {
        if (typeof data === "string") data = JSON.parse(data);
      } catch (e) {
        throw new SpiError(`the data is not JSON: ${e.message}`, { code: "invalid_json", cause: e });
      }
      return engine.load(accountSlice(data, source.accountId), options);
    }
    case "csv":
      if (source.accountId != null) throw new SpiError("focus.accountId needs canonical JSON data, not CSV", { code: "invalid_argument", path: "focus.accountId" });
      return engine.load(source.csv, { ...options, name: "data.csv", mapping: source.mapping ?? null });
    default:
      throw new SpiError(`unknown source kind ${source.kind}`, { code: "invalid_argument" });
  }
}
