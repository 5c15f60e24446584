// The JS-object routes side by side, in one process, alternated (so machine load falls on all alike):
//   node --expose-gc benches/objects.mjs FILE [RUNS] [PKG_DIR]
// Every route starts from the same parsed objects and ends with the report of the core set
// (core.mjs QUERY); times are medians. Routes:
//   bytes       fromJson(Uint8Array) of the file's own bytes (the reference: no objects involved)
//   restrung    fromJson(Uint8Array) of JSON.stringify(objects), encoded before the clock starts
//   (serde, SpiEngine.fromObject field by field through serde_wasm_bindgen, was removed with that
//   route on 2026-12-07: ~120 KB of the module; its last numbers are in benches/RESULTS.md)
//   string      JSON.stringify -> fromJson(string) (wasm-bindgen encodes 8 MB slices)
//   encode      JSON.stringify -> TextEncoder.encode -> fromJson(Uint8Array)
//   walk+encode the package's check walk (js/objects.js) + stringify + encode + fromJson
//   package     what js/objects.js does (the package's route): each record checked, stringified,
//               encodeInto a reused 2 MB buffer (js/objects.js CHUNK) pushed into SpiEngine.loader()
//   replacer    JSON.stringify with a replacer checking every number -> encode -> fromJson
// Env ROUTES=bytes,package,... runs a subset. The last line printed is the medians as JSON.
// PKG_DIR defaults to target/pkg-bench (the raw glue; the package route is js/objects.js on it).
import { readFileSync } from "node:fs";
import { QUERY, fromReport, diff } from "./core.mjs";

const [file, runsArg = "5", pkgArg] = process.argv.slice(2);
const RUNS = Number(runsArg);
const pkg = new URL(pkgArg ? `file://${process.cwd()}/${pkgArg}/` : "../target/pkg-bench/", import.meta.url);
const glue = await import(new URL("spi_wasm.js", pkg));
glue.initSync({ module: readFileSync(new URL("spi_wasm_bg.wasm", pkg)) });
const { checkObject, engineFromObject } = await import("../js/objects.js");
const bytes = new Uint8Array(readFileSync(file));
const data = JSON.parse(new TextDecoder().decode(bytes));
let only = process.env.ROUTES ? process.env.ROUTES.split(",") : null;
const restrung = !only || only.includes("restrung") ? new TextEncoder().encode(JSON.stringify(data)) : null;
const { SpiEngine, SpiLoader } = glue;
const raw = { loader: SpiEngine.loader, push: SpiLoader.prototype.push, finish: SpiLoader.prototype.finish, free: SpiLoader.prototype.free };
const gc = globalThis.gc ?? (() => {});
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

const checking = (k, v) => {
  if (typeof v === "number" && !Number.isFinite(v)) throw new Error("non-finite");
  return typeof v === "bigint" ? String(v) : v;
};

const routes = {
  bytes: () => SpiEngine.fromJson(bytes),
  // The floor of every stringify route: the bytes route on the re-stringified text, encoded beforehand.
  restrung: () => SpiEngine.fromJson(restrung),
  string: () => SpiEngine.fromJson(JSON.stringify(data)),
  encode: () => SpiEngine.fromJson(new TextEncoder().encode(JSON.stringify(data))),
  "walk+encode": () => {
    if (checkObject(data) !== 0) throw new Error("not plain");
    return SpiEngine.fromJson(new TextEncoder().encode(JSON.stringify(data)));
  },
  package: () => engineFromObject(data, raw),
  replacer: () => SpiEngine.fromJson(new TextEncoder().encode(JSON.stringify(data, checking))),
};
only ??= Object.keys(routes);
const times = Object.fromEntries(only.map((k) => [k, []]));
// CPU time of the process (user + system) beside wall time: on a shared machine wall times swing
// with other jobs, CPU times much less (GC helper threads are counted too).
const cpu = Object.fromEntries(only.map((k) => [k, []]));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const results = {};
// The walk alone and stringify alone, for the breakdown.
const parts = { walk: [], stringify: [], encode: [] };
for (let run = 0; run < RUNS; run++) {
  for (const name of only) {
    gc();
    const c0 = cpuMs();
    const t0 = performance.now();
    const engine = routes[name]();
    const report = engine.report(QUERY);
    times[name].push(performance.now() - t0);
    cpu[name].push(cpuMs() - c0);
    results[name] = fromReport(report);
    engine.free();
  }
  gc();
  let t = cpuMs();
  checkObject(data);
  parts.walk.push(cpuMs() - t);
  t = cpuMs();
  const text = JSON.stringify(data);
  parts.stringify.push(cpuMs() - t);
  t = cpuMs();
  new TextEncoder().encode(text);
  parts.encode.push(cpuMs() - t);
}
const ref = median(times.bytes ?? [NaN]);
const refCpu = median(cpu.bytes ?? [NaN]);
console.log(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, ${RUNS} runs alternated, medians; ratios to bytes`);
console.log(`${"route".padEnd(12)} ${"wall ms".padStart(8)} ${"ratio".padStart(6)} ${"cpu ms".padStart(8)} ${"ratio".padStart(6)}`);
for (const name of only) {
  const d = results.bytes ? diff(results.bytes, results[name]) : [];
  const [w, c] = [median(times[name]), median(cpu[name])];
  console.log(`${name.padEnd(12)} ${w.toFixed(0).padStart(8)} ${(w / ref).toFixed(2).padStart(5)}x ${c.toFixed(0).padStart(8)} ${(c / refCpu).toFixed(2).padStart(5)}x  ${d.length ? "DIFFERS " + d.slice(0, 2).join("; ") : "same core set"}`);
}
for (const [k, v] of Object.entries(parts)) console.log(`  (part, cpu ms) ${k.padEnd(10)} ${median(v).toFixed(0)}`);
// The last line, for benches/run.mjs: medians and agreement per route.
const summary = {};
for (const name of only) {
  const d = results.bytes ? diff(results.bytes, results[name]) : [];
  summary[name] = { wall: median(times[name]), cpu: median(cpu[name]), agrees: d.length === 0 };
}
console.log(JSON.stringify({ routes: summary, parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)])) }));
