// The Chromium half of `npm run bench` (driven by benches/run.mjs through benches/browser.html):
// the contenders of benches/contender.mjs and benches/objects.mjs, measured the same way in the
// page. Each function below runs in a fresh page of its own browser context (its own renderer
// process, so its own heap and its own Wasm instance) and returns rows shaped as contender.mjs
// prints them ({ times, phases, result, wasmMb, instantiateMs, requery }), for run.mjs to take
// medians, check agreement with plain JS and judge the targets exactly as it does for Node.
// The bench build (SPI_BENCH=1 scripts/build.sh): the shipped module plus parseFloor.
import init, { SpiEngine, SpiLoader, parseFloor } from "/target/pkg-bench/spi_wasm.js";
import { engineFromObject } from "/js/objects.js";
import { QUERY, plainJs, fromReport, diff } from "/benches/core.mjs";
import { duckRun, requeryTimes, spiRun } from "/benches/measure.mjs";

const now = () => performance.now();
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const gc = globalThis.gc ?? (() => {});
const WASM = "/target/pkg-bench/spi_wasm_bg.wasm";

/** Instantiates the module as a page does (`init()` streaming from the URL); its time and memory. */
async function start() {
  const t = now();
  const exports = await init({ module_or_path: WASM });
  return { instantiateMs: now() - t, memory: exports.memory };
}

async function fetchBytes(file) {
  return new Uint8Array(await (await fetch(file)).arrayBuffer());
}

const row = () => ({ times: [], phases: {} });
const phase = (r, k, ms) => (r.phases[k] ??= []).push(ms);
/** A run of measure.mjs: its phases and total into row `r`. */
const record = (r, run) => {
  for (const [k, ms] of Object.entries(run.phases)) phase(r, k, ms);
  r.times.push(run.total);
  r.result = run.result;
};

/**
 * (a) fromJson(bytes) + the core set's report, then every indicator, its phases timed apart as
 * in contender.mjs, the re-queries on the last run's engine; and (f2) the serde floor into
 * IgnoredAny in the same module, alternated with (a) run by run (the floor's memory comes after
 * (a)'s peak has been reached, so (a)'s Wasm memory is its own).
 */
window.spiBench = async (file, runs) => {
  const { instantiateMs, memory } = await start();
  const bytes = await fetchBytes(file);
  const a = { ...row(), instantiateMs };
  const floor = row();
  for (let i = 0; i < runs; i++) {
    gc();
    const run = spiRun(SpiEngine, bytes);
    record(a, run);
    if (i === runs - 1) a.requery = requeryTimes(run.engine);
    run.engine.free();
    a.wasmMb = memory.buffer.byteLength / 2 ** 20;
    gc();
    const f0 = now();
    parseFloor(bytes);
    floor.times.push(now() - f0);
  }
  return { bytes: bytes.length, rows: { spiBytes: a, serdeFloor: floor } };
};

/**
 * (e) plain JS (JSON.parse + core.mjs's one pass) and (f1) JSON.parse alone, alternated run by
 * run on the decoded text (decoding is given free, as in Node).
 */
window.jsBench = async (file, runs) => {
  const text = new TextDecoder().decode(await fetchBytes(file));
  const e = row();
  const parse = row();
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = now();
    const data = JSON.parse(text);
    const t1 = now();
    e.result = plainJs(data);
    const t2 = now();
    phase(e, "JSON.parse", t1 - t0), phase(e, "pass", t2 - t1), e.times.push(t2 - t0);
    gc();
    const p0 = now();
    JSON.parse(text);
    parse.times.push(now() - p0);
  }
  return { rows: { plainJs: e, jsonParse: parse } };
};

/**
 * The objects target as benches/objects.mjs measures it (routes `bytes` and `package`, alternated
 * in one page, objects in hand, each ending with the core set's report): fromJson of the file's
 * bytes against js/objects.js's route (each record checked, stringified, encoded into the
 * loader). Wall time only (a page has no CPU clock).
 */
window.objectsBench = async (file, runs) => {
  await start();
  const bytes = await fetchBytes(file);
  const data = JSON.parse(new TextDecoder().decode(bytes));
  const raw = { loader: SpiEngine.loader, push: SpiLoader.prototype.push, finish: SpiLoader.prototype.finish, free: SpiLoader.prototype.free };
  const routes = { bytes: () => SpiEngine.fromJson(bytes), package: () => engineFromObject(data, raw) };
  const times = { bytes: [], package: [] };
  const results = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, make] of Object.entries(routes)) {
      gc();
      const t0 = now();
      const engine = make();
      const report = engine.report(QUERY);
      times[name].push(now() - t0);
      results[name] = fromReport(report);
      engine.free();
    }
  }
  const summary = {};
  for (const name of Object.keys(routes)) summary[name] = { wall: median(times[name]), agrees: diff(results.bytes, results[name]).length === 0 };
  return { routes: summary };
};

/**
 * Peak Wasm memory loading from a stream, in a fresh instance: the response body read as it
 * arrives, coalesced into 8 MB chunks (contender.mjs's chunk size) pushed into
 * SpiEngine.loader(size); Wasm memory never shrinks, so its size after the load is the load's
 * peak. The time is the load alone. One run (a second would start from the first's memory).
 */
window.streamBench = async (file) => {
  const { memory, instantiateMs } = await start();
  const t0 = now();
  const response = await fetch(file);
  const size = Number(response.headers.get("content-length"));
  const loader = SpiEngine.loader(size);
  const chunk = new Uint8Array(8 << 20);
  let used = 0;
  const reader = response.body.getReader();
  for (let r; !(r = await reader.read()).done; ) {
    for (let v = r.value; v.length; ) {
      const n = Math.min(v.length, chunk.length - used);
      chunk.set(v.subarray(0, n), used);
      used += n;
      v = v.subarray(n);
      if (used === chunk.length) loader.push(chunk), (used = 0);
    }
  }
  if (used) loader.push(chunk.subarray(0, used));
  const engine = loader.finish();
  const ms = now() - t0;
  const wasmMb = memory.buffer.byteLength / 2 ** 20;
  engine.free();
  return { rows: { spiStream: { times: [ms], phases: {}, wasmMb, instantiateMs, bytes: size } } };
};

/**
 * (d) DuckDB-Wasm, the official package (benches/duck-page.mjs, bundled by run.mjs): started
 * (createDuckDB + instantiate + connect: its cold start, as in Node), then each run JSON.parse ->
 * Arrow -> insert -> SQL on the decoded text, phases as in contender.mjs.
 */
window.duckBench = async (file, runs) => {
  const { openDuckDb, load, query } = await import("/target/bench-duck/duck-page.js");
  const t = now();
  const conn = await openDuckDb();
  const d = { ...row(), instantiateMs: now() - t };
  const text = new TextDecoder().decode(await fetchBytes(file));
  for (let i = 0; i < runs; i++) {
    gc();
    record(d, duckRun(conn, text, load, query));
  }
  return { rows: { duckdb: d } };
};

// Compile + instantiate as pages do it: `instantiateStreaming(fetch(url))` (what wasm-bindgen's
// `init()` does when the server says application/wasm) and `instantiate(bytes)` (a module handed
// over as bytes). A fresh URL each time (no HTTP or code cache) and gc() between runs (V8 reuses a
// live module compiled from the same bytes), so every run compiles from scratch. The imports are
// stubs: instantiating calls none of them (the module has no start function).
window.compileBench = async (url, runs) => {
  const probe = await WebAssembly.compile(await (await fetch(`${url}?probe`)).arrayBuffer());
  const imports = {};
  for (const imp of WebAssembly.Module.imports(probe)) (imports[imp.module] ??= {})[imp.name] = () => {};
  const times = { streaming: [], fetch: [], bytes: [] };
  for (let i = 0; i < runs; i++) {
    gc();
    let t = now();
    await WebAssembly.instantiateStreaming(fetch(`${url}?streaming=${i}`), imports);
    times.streaming.push(now() - t);
    t = now();
    const bytes = await (await fetch(`${url}?bytes=${i}`)).arrayBuffer();
    times.fetch.push(now() - t);
    gc();
    t = now();
    await WebAssembly.instantiate(bytes, imports);
    times.bytes.push(now() - t);
  }
  const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  return { times, medians, gc: typeof globalThis.gc === "function" };
};

window.benchReady = true;
