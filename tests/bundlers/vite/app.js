// A page bundled by Vite that runs spi-wasm in a module worker (worker.js). The worker URL goes
// through the one Trusted Types policy the test server's CSP allows ("spi-worker"), admitting only
// this worker script. Writes the result on <body> as tests/bundlers/shared/page.js does.
import workerUrl from "./worker.js?worker&url";

const out = document.body.dataset;
const expected = new URL(workerUrl, import.meta.url).href;
const policy = globalThis.trustedTypes?.createPolicy("spi-worker", {
  createScriptURL: (url) => {
    if (url !== expected) throw new TypeError(`refused worker URL ${url}`);
    return url;
  },
});
const worker = new Worker(policy ? policy.createScriptURL(expected) : expected, { type: "module" });
worker.onmessage = ({ data }) => {
  if (data.error) Object.assign(out, { error: `${data.error.code}: ${data.error.message}`, ready: "error" });
  else Object.assign(out, { winRate: String(data.rates.winRate), winRateByValue: String(data.rates.winRateByValue), ready: "true" });
};
fetch("/shared/deals.json").then((r) => r.arrayBuffer()).then((bytes) => worker.postMessage(bytes, [bytes]));
