// Times one build of the module on one data file, in a fresh process: ingest (SpiEngine.fromJson
// on the bytes), the benchmark's core-set report and an all-indicator report. Runs ITER times
// (default 1: what a page does once; more lets V8's optimising tier warm up first) and prints the
// last run's times as one JSON line. Each phase has its wall time (`ingest`, ...) and the process's CPU time
// (`ingestCpu`, ...: user + system of all its threads, so V8's background compiler and GC count),
// which moves far less than wall time when other processes share the cores.
// Usage (scripts/wasm-sizes.mjs runs it):
//   node --expose-gc scripts/wasm-speed.mjs DIR WASM_FILE DATA_FILE [ITER]
// DIR is a `wasm-bindgen --target web` output folder (its spi_wasm.js glue).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { QUERY } from "../benches/core.mjs";

const [dirArg, wasmFile, dataFile, iterArg] = process.argv.slice(2);
const dir = resolve(dirArg);
const m = await import(pathToFileURL(`${dir}/spi_wasm.js`).href);
m.initSync({ module: readFileSync(`${dir}/${wasmFile}`) });
const bytes = new Uint8Array(readFileSync(dataFile));
const gc = globalThis.gc ?? (() => {});
// All indicators, monthly, grouped by owner: the page's default kind of report.
const ALL = { from: QUERY.from, to: QUERY.to, cadence: "month", groupBy: ["owner"], compare: null };

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let times;
for (let i = 0; i < Number(iterArg ?? 1); i++) {
  gc();
  const [t0, c0] = [performance.now(), cpu()];
  const engine = m.SpiEngine.fromJson(bytes);
  const [t1, c1] = [performance.now(), cpu()];
  engine.report(QUERY);
  const [t2, c2] = [performance.now(), cpu()];
  engine.report(ALL);
  const [t3, c3] = [performance.now(), cpu()];
  engine.free();
  times = { ingest: t1 - t0, core: t2 - t1, all: t3 - t2, ingestCpu: c1 - c0, coreCpu: c2 - c1, allCpu: c3 - c2 };
}
console.log(JSON.stringify(times));
