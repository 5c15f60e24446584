// The main thread's handle on the worker (www/worker.js): promise-returning calls, progress
// callbacks. The worker URL goes through the one Trusted Types policy the pages allow
// ("spi-worker"), which accepts only this same-origin worker script and nothing else.
import workerUrl from "../worker.js?worker&url";

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

/** Starts the worker; returns {load, report, drill, fields}, each resolving with the worker's result. */
export function startEngine() {
  const worker = new Worker(trustedWorkerUrl(), { type: "module", name: "spi-engine" });
  const pending = new Map();
  let next = 1;
  worker.onmessage = ({ data }) => {
    const call = pending.get(data.id);
    if (!call) return;
    if (data.type === "progress") return call.onProgress?.(data);
    pending.delete(data.id);
    if (data.type === "result") call.resolve(data.value);
    else call.reject(Object.assign(new Error(data.error.message), data.error));
  };
  worker.onerror = (e) => {
    for (const call of pending.values()) call.reject(new Error(e.message || "the worker failed"));
    pending.clear();
  };
  const call = (message, onProgress) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...message, id });
    });
  return {
    load: (source, onProgress) => call({ type: "load", source }, onProgress),
    report: (query, onProgress) => call({ type: "report", query }, onProgress),
    drill: (query, request) => call({ type: "drill", query, request }),
    fields: () => call({ type: "fields" }),
  };
}
