// The built package as a user imports it: `spi-wasm` resolves through package.json "exports"
// (Node's self-reference by package name) to the Node entry, which initialises the module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import init, { catalog, computeReport, computeReportFromJson, SpiEngine } from "spi-wasm";
import { datasetFixtures, nativeReport, root, thrown } from "./helpers.mjs";

const small = JSON.parse(readFileSync(join(root, "tests/fixtures/small.json"), "utf8"));
const smallQuery = { from: "2026-01-01", to: "2026-04-01", cadence: "month" };
const indicator = (report, id) => report.indicators.find((i) => i.id === id);

/** Runs `f` on an engine, then frees it (Node 20 has no `using`). */
function withEngine(engine, f) {
  try {
    return f(engine);
  } finally {
    engine.free();
  }
}

test("init() is a no-op in Node: the module is ready on import", async () => {
  await init();
  assert.equal(typeof computeReport, "function");
});

for (const fx of datasetFixtures()) {
  test(`fixture ${fx.name}: every entry point gives the native CLI's report`, () => {
    let expected;
    try {
      expected = nativeReport(fx.dataPath, fx.queryPath);
    } catch (e) {
      // The CLI refused the fixture: every entry point must refuse it the same way.
      const native = JSON.parse(String(e.stderr).split("\n")[0]).error;
      const error = thrown(() => computeReportFromJson(fx.text, fx.query));
      assert.deepEqual([error.code, error.path], [native.code, native.path]);
      return;
    }
    const bytes = new TextEncoder().encode(fx.text);
    const routes = {
      computeReport: () => computeReport(JSON.parse(fx.text), fx.query),
      "computeReportFromJson(string)": () => computeReportFromJson(fx.text, fx.query),
      "computeReportFromJson(Uint8Array)": () => computeReportFromJson(bytes, fx.query),
      "computeReportFromJson(ArrayBuffer)": () => computeReportFromJson(bytes.buffer, fx.query),
      "SpiEngine.fromJson + re-query": () => {
        const engine = SpiEngine.fromJson(bytes);
        try {
          engine.report({ cadence: "day", groupBy: ["owner"] });
          return engine.report(fx.query);
        } finally {
          engine.free();
        }
      },
      "SpiEngine.fromObject": () => withEngine(SpiEngine.fromObject(JSON.parse(fx.text)), (e) => e.report(fx.query)),
    };
    for (const [route, run] of Object.entries(routes)) {
      assert.deepStrictEqual(run(), expected, route);
    }
  });
}

const csvDir = join(root, "tests/fixtures/csv");
for (const file of existsSync(csvDir) ? readdirSync(csvDir).sort() : []) {
  test(`CSV/API fixture ${file}: SpiEngine.fromFiles gives the native CLI's report`, () => {
    const path = join(csvDir, file);
    const expected = nativeReport(path, null);
    const bytes = new Uint8Array(readFileSync(path));
    withEngine(SpiEngine.fromFiles([{ name: file, data: bytes }]), (engine) => {
      assert.deepStrictEqual(engine.report(), expected);
      const [source] = engine.summary().sources;
      assert.equal(source.name, file);
      assert.ok(source.detected && source.records > 0);
    });
  });
}

test("fromFiles: settings as canonical JSON beside a CSV with a named preset; errors name the file", () => {
  const csv = readFileSync(join(csvDir, "salesforce_opportunities.csv"), "utf8");
  const settings = JSON.stringify({ settings: { currency: "USD", asOf: "2026-04-01" }, fx: { EUR: 1.1 } });
  withEngine(
    SpiEngine.fromFiles([{ name: "settings.json", data: settings }, { name: "opps.csv", data: csv, mapping: "salesforce" }]),
    (engine) => {
      assert.equal(engine.summary().currency, "USD");
      assert.equal(engine.summary().sources.find((s) => s.name === "opps.csv").preset, "salesforce");
      assert.ok(indicator(engine.report({ from: "2026-01-01", to: "2026-04-01" }), "win_rate").sampleSize > 0);
    },
  );
  const error = thrown(() => SpiEngine.fromFiles([{ name: "opps.csv", data: csv, mapping: "no_such_preset" }]));
  assert.ok(error instanceof Error);
  assert.equal(error.file, "opps.csv");
  assert.match(error.message, /^opps\.csv: /);
  const missing = thrown(() => SpiEngine.fromFiles([{ name: "x.csv" }]));
  assert.deepEqual([missing.code, missing.path], ["invalid_argument", "files[0].data"]);
});

test("small fixture: the numbers worked out by hand", () => {
  const report = computeReport(small, smallQuery);
  assert.equal(report.currency, "USD");
  assert.equal(report.query.from, "2026-01-01T00:00:00Z");
  // Closed in Q1: D-1 won, D-2 lost, D-3 won, D-5 won, D-6 lost -> 3 of 5.
  const win = indicator(report, "win_rate");
  assert.deepEqual([win.value, win.numerator, win.denominator, win.sampleSize], [0.6, 3, 5, 5]);
  assert.ok(win.interval.low < 0.6 && win.interval.high > 0.6);
  // Won amounts: 10000 + 2000 EUR x 1.1 + 3000 = 15200; lost: 5000 (D-6 in GBP has no rate).
  assert.equal(indicator(report, "win_rate_by_value").value, 15200 / 20200);
  assert.equal(indicator(report, "average_deal_size").value, 15200 / 3);
  // Cycles: D-1 30 days, D-3 40 days (Feb 1 -> Mar 13, the close as epoch ms), D-5 20 days.
  const cycle = indicator(report, "sales_cycle_days");
  assert.equal(cycle.value, 30);
  assert.equal(cycle.stats.median, 30);
  // Created in Q1: 6 deals; amount without the GBP one: 10000 + 5000 + 2200 + 8000 + 3000.
  const created = indicator(report, "pipeline_created");
  assert.deepEqual([created.value, created.sampleSize], [28200, 6]);
  assert.ok(report.warnings.some((w) => w.code === "currency_without_rate" && w.examples.includes("D-6")));
  // Series points are plain objects with ISO dates; absent values are null, never undefined.
  assert.deepEqual(win.series.map((p) => [p.bucket, p.value]), [["2026-01", null], ["2026-02", 1], ["2026-03", 0.5]]);
  assert.equal(Object.getPrototypeOf(report.groups), Object.prototype);
});

test("catalog(): every indicator of a default report, in its order, with the page's labels and headline views", () => {
  const entries = catalog();
  const report = computeReport(small, {});
  assert.deepEqual(entries.map((e) => e.id), report.indicators.map((i) => i.id));
  const win = entries.find((e) => e.id === "win_rate");
  assert.deepEqual([win.label, win.unit, win.better, win.table, win.timing, win.headline], ["Win rate", "ratio", "higher", "deals", "period", "sidebar"]);
  // The sidebar's nine indicators before the catalog existed (www/sidebar.js's KPIS), in order.
  assert.deepEqual(entries.filter((e) => e.headline === "sidebar").map((e) => e.id), ["win_rate", "average_deal_size",
    "sales_cycle_days", "pipeline_created", "quota_attainment", "pipeline_coverage", "deal_aging", "rep_response_minutes", "engagement_rate"]);
  assert.deepEqual(entries.find((e) => e.id === "stage_conversion").variants, ["stageConversion"]);
});

test("SpiEngine: summary, grouping and drill-down", () => withEngine(SpiEngine.fromJson(JSON.stringify(small)), (engine) => {
  const summary = engine.summary();
  assert.equal(summary.deals, 6);
  assert.deepEqual(summary.owners, ["ana", "ben", "cara"]);
  const byOwner = engine.report({ ...smallQuery, groupBy: ["owner"] });
  const ana = byOwner.groups.owner.find((g) => g.group === "ana").indicators.find((i) => i.id === "win_rate");
  assert.deepEqual([ana.numerator, ana.denominator], [1, 2]);
  const drill = engine.drill(smallQuery, { indicator: "win_rate" });
  assert.deepEqual(drill.numeratorIds.toSorted(), ["D-1", "D-3", "D-5"]);
  assert.deepEqual(drill.denominatorIds.toSorted(), ["D-1", "D-2", "D-3", "D-5", "D-6"]);
}));

test("bad input throws an Error with code and path; the module keeps working", () => {
  const bad = { deals: [{ id: "a", amount: "12k" }] };
  for (const run of [() => computeReport(bad), () => computeReportFromJson(JSON.stringify(bad))]) {
    const error = thrown(run);
    assert.ok(error instanceof Error);
    assert.equal(error.code, "invalid_value");
    assert.equal(error.path, "deals[0].amount");
    assert.match(error.message, /^deals\[0\]\.amount: /);
    assert.ok(error.stack);
  }
  assert.equal(thrown(() => computeReportFromJson("{\"deals\": [")).code, "invalid_json");
  assert.deepEqual(
    [thrown(() => computeReportFromJson(42)).code, thrown(() => computeReportFromJson(42)).path],
    ["invalid_argument", "input"],
  );
  const queryError = thrown(() => computeReport(small, { groupBy: ["colour"] }));
  assert.deepEqual([queryError.code, queryError.path], ["invalid_query", "groupBy[0]"]);
  // Still working, and still exact.
  assert.equal(indicator(computeReport(small, smallQuery), "win_rate").value, 0.6);
  withEngine(SpiEngine.fromObject(small), (engine) => {
    assert.equal(thrown(() => engine.report({ cadence: "fortnight" })).path, "cadence");
    assert.equal(indicator(engine.report(smallQuery), "win_rate").value, 0.6);
  });
});

test("a freed engine refuses to run instead of reading freed memory", () => {
  const engine = SpiEngine.fromObject(small);
  engine.free();
  assert.throws(() => engine.report(smallQuery));
});
