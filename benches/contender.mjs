// One contender on one data file, in its own process (so its peak RSS is its own):
//   node --expose-gc benches/contender.mjs NAME FILE RUNS
// Prints one JSON line: { name, times: [ms...], phases, result (core set), rssMb, wasmMb, ... }.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { QUERY, plainJs, fromReport } from "./core.mjs";
import { duckRun, requeryTimes, spiRun } from "./measure.mjs";

const [name, file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
// The stream contender reads the file itself, 8 MB at a time, and never holds it whole.
const bytes = name === "spiStream" ? new Uint8Array(0) : new Uint8Array(readFileSync(file));
const gc = globalThis.gc ?? (() => {});
const now = () => performance.now();
const out = { name, bytes: bytes.length, times: [], phases: {} };
const phase = (k, ms) => (out.phases[k] ??= []).push(ms);
/** A run of measure.mjs: its phases and total into `out`. */
const record = (r) => {
  for (const [k, ms] of Object.entries(r.phases)) phase(k, ms);
  out.times.push(r.total);
  out.result = r.result;
};

async function spi() {
  // The bench build (SPI_BENCH=1 scripts/build.sh, run by run.mjs): pkg/ plus parseFloor.
  const glue = await import("../target/pkg-bench/spi_wasm.js");
  const wasmBytes = readFileSync(new URL("../target/pkg-bench/spi_wasm_bg.wasm", import.meta.url));
  const t = now();
  const module = new WebAssembly.Module(wasmBytes);
  const exports = glue.initSync({ module });
  out.instantiateMs = now() - t;
  return { ...glue, memory: exports.memory };
}

/** The package entry of the bench build (index.js: the guarded exports and the object route). */
async function spiPackage() {
  const entry = await import("../target/pkg-bench/index.js");
  const wasmBytes = readFileSync(new URL("../target/pkg-bench/spi_wasm_bg.wasm", import.meta.url));
  const t = now();
  const exports = entry.initSync({ module: new WebAssembly.Module(wasmBytes) });
  out.instantiateMs = now() - t;
  return { ...entry, memory: exports.memory };
}

const contenders = {
  // (a) spi-wasm from bytes: SpiEngine.fromJson(Uint8Array) + report.
  async spiBytes() {
    const m = await spi();
    for (let i = 0; i < runs; i++) {
      gc();
      const run = spiRun(m.SpiEngine, bytes);
      record(run);
      if (i === runs - 1) out.requery = requeryTimes(run.engine);
      run.engine.free();
    }
    out.wasmMb = m.memory.buffer.byteLength / 2 ** 20;
  },
  // (b) spi-wasm from a JS string (already decoded, as from file.text()).
  async spiString() {
    const m = await spi();
    const text = new TextDecoder().decode(bytes);
    for (let i = 0; i < runs; i++) {
      gc();
      const t0 = now();
      const engine = m.SpiEngine.fromJson(text);
      const report = engine.report(QUERY);
      out.times.push(now() - t0);
      out.result = fromReport(report);
      engine.free();
    }
    out.wasmMb = m.memory.buffer.byteLength / 2 ** 20;
  },
  // Peak Wasm memory loading from a stream: the loader fed 8 MB chunks read from the file (as a
  // page's File.stream() hands them over), in a fresh module; Wasm memory never shrinks, so its
  // size after the load is the load's peak. Times are the load alone.
  async spiStream() {
    const m = await spi();
    const size = statSync(file).size;
    const chunk = new Uint8Array(8 << 20);
    const t0 = now();
    const loader = m.SpiEngine.loader(size);
    const fd = openSync(file, "r");
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) loader.push(chunk.subarray(0, n));
    closeSync(fd);
    const engine = loader.finish();
    out.times.push(now() - t0);
    out.wasmMb = m.memory.buffer.byteLength / 2 ** 20;
    out.bytes = size;
    engine.free();
  },
  // (c) spi-wasm from JS objects through the package entry (js/objects.js: checked, stringified
  // and encoded in batches into the streaming loader). Objects in hand is the use case: the
  // JSON.parse that makes them here is a phase, not counted in `fromObject+report`.
  async spiObject() {
    const m = await spiPackage();
    await objects(m);
  },
  // (c0), the same through the raw glue's field-by-field fromObject (serde_wasm_bindgen), was
  // dropped on 2026-12-07 with that route (~120 KB of the module): its last numbers are in
  // benches/RESULTS-quick.md.
  // (d) DuckDB-Wasm (official package): JSON.parse -> Arrow -> insertArrowTable -> SQL.
  async duckdb() {
    const { openDuckDb, load, query } = await import("./duck.mjs");
    const t = now();
    const conn = await openDuckDb();
    out.instantiateMs = now() - t;
    const text = new TextDecoder().decode(bytes);
    for (let i = 0; i < runs; i++) {
      gc();
      record(duckRun(conn, text, load, query));
    }
  },
  // (d2) DuckDB-Wasm with JSON built in (@malloydata/duckdb-wasm): read_json on the deals array + SQL.
  async duckdbJson() {
    const { openDuckDbJson, load } = await import("./duck_json.mjs");
    const { query } = await import("./duck.mjs");
    const t = now();
    const { db, conn } = await openDuckDbJson();
    out.instantiateMs = now() - t;
    for (let i = 0; i < runs; i++) {
      gc();
      const t0 = now();
      const { meta, phases } = load(db, conn, bytes);
      const t1 = now();
      out.result = query(conn, meta);
      const t2 = now();
      for (const [k, v] of Object.entries(phases)) phase(k, v);
      phase("SQL", t2 - t1), out.times.push(t2 - t0);
    }
  },
  // (e) plain JS: JSON.parse + one idiomatic pass.
  async plainJs() {
    const text = new TextDecoder().decode(bytes);
    for (let i = 0; i < runs; i++) {
      gc();
      const t0 = now();
      const data = JSON.parse(text);
      const t1 = now();
      out.result = plainJs(data);
      const t2 = now();
      phase("JSON.parse", t1 - t0), phase("pass", t2 - t1), out.times.push(t2 - t0);
    }
  },
  // (f1) floor: JSON.parse alone on the decoded string.
  async jsonParse() {
    const text = new TextDecoder().decode(bytes);
    for (let i = 0; i < runs; i++) {
      gc();
      const t0 = now();
      JSON.parse(text);
      out.times.push(now() - t0);
    }
  },
  // (f2) floor: serde_json into IgnoredAny in the same module (bytes copied in, as fromJson does).
  async serdeFloor() {
    const m = await spi();
    for (let i = 0; i < runs; i++) {
      gc();
      const t0 = now();
      m.parseFloor(bytes);
      out.times.push(now() - t0);
    }
  },
  // Decoding the bytes into a JS string (what the string-based contenders were handed for free).
  async decode() {
    for (let i = 0; i < runs; i++) {
      gc();
      const t0 = now();
      new TextDecoder().decode(bytes);
      out.times.push(now() - t0);
    }
  },
};

/** JSON.parse (a phase), then SpiEngine.fromObject + the core set's report. */
async function objects(m) {
  const text = new TextDecoder().decode(bytes);
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = now();
    const data = JSON.parse(text);
    const t1 = now();
    const engine = m.SpiEngine.fromObject(data);
    const report = engine.report(QUERY);
    const t2 = now();
    phase("JSON.parse", t1 - t0), phase("fromObject+report", t2 - t1), out.times.push(t2 - t0);
    out.result = fromReport(report);
    engine.free();
  }
  out.wasmMb = m.memory.buffer.byteLength / 2 ** 20;
}

await contenders[name]();
out.rssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out) + "\n");
