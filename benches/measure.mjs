// The timed bodies of the contenders that run in both runtimes, (a) and (d), and the re-queries:
// one definition each, called by benches/contender.mjs in Node and benches/browser.mjs in the
// Chromium page, so that a phase means the same in both. Callers own the runs, gc() between
// them and where the figures go.
import { QUERY, ALL_QUERY, REQUERIES, fromReport } from "./core.mjs";

const now = () => performance.now();

/**
 * One run of (a): `SpiEngine.fromJson(bytes)`, the core set's report, then every indicator (its
 * first report on this engine, after the core set's). `total` is ingest + the core set's report;
 * the engine is the caller's to re-query and free.
 */
export function spiRun(SpiEngine, bytes) {
  const t0 = now();
  const engine = SpiEngine.fromJson(bytes);
  const t1 = now();
  const report = engine.report(QUERY);
  const t2 = now();
  engine.report(ALL_QUERY);
  const t3 = now();
  const phases = { ingest: t1 - t0, report: t2 - t1, "all indicators": t3 - t2 };
  return { engine, total: t2 - t0, phases, result: fromReport(report) };
}

/** Each of `REQUERIES` on a loaded engine, 7 times: `{ label: [ms, ...] }`. */
export function requeryTimes(engine) {
  const out = {};
  for (const [label, q] of Object.entries(REQUERIES)) {
    out[label] = [];
    for (let i = 0; i < 7; i++) {
      const t = now();
      engine.report(q);
      out[label].push(now() - t);
    }
  }
  return out;
}

/** One run of (d) DuckDB-Wasm on an open connection: JSON.parse -> Arrow + insert (`load`) -> SQL (`query`). */
export function duckRun(conn, text, load, query) {
  const t0 = now();
  const data = JSON.parse(text);
  const t1 = now();
  const meta = load(conn, data);
  const t2 = now();
  const result = query(conn, meta);
  const t3 = now();
  return { total: t3 - t0, phases: { "JSON.parse": t1 - t0, "to Arrow + insert": t2 - t1, SQL: t3 - t2 }, result };
}
