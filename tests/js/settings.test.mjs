// The user's settings through the built package: `SpiEngine.fromFiles(files, {settings})` wins
// over the files' settings (no conflicting_settings), as a mapping's `settings` does, and is
// strict. Hand-worked data (the native route is tests/it/ingest/settings_override.rs): D1 created and won
// 2026-03-01T03:00Z (100), D2 2026-03-15T12:00Z (50), D3 created 2026-02-10T12:00Z and lost
// 2026-02-20 (30). By month, pipeline created is Feb 30 / Mar 150 in UTC; in America/New_York
// (UTC-5 until 2026-03-08) D1 is 2026-02-28 22:00 local, so Feb 130 / Mar 50.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpiEngine } from "spi-wasm";

const DEALS = `id,status,amount,createdAt,closedAt
D1,won,100,2026-03-01T03:00:00Z,2026-03-01T03:00:00Z
D2,won,50,2026-03-15T12:00:00Z,2026-03-15T12:00:00Z
D3,lost,30,2026-02-10T12:00:00Z,2026-02-20T12:00:00Z
`;
const FILE_SETTINGS = JSON.stringify({ settings: { timeZone: "UTC", currency: "EUR" } });
const files = (mapping) => [
  { name: "deals.csv", data: DEALS, mapping },
  { name: "settings.json", data: FILE_SETTINGS },
];
const BY_MONTH = { from: "2026-02-01", to: "2026-04-01", cadence: "month", groupBy: [] };

function months(engine) {
  const report = engine.report(BY_MONTH);
  const series = report.indicators.find((i) => i.id === "pipeline_created").series;
  return { from: report.query.from, values: series.map((p) => p.value), currency: report.currency };
}

test("without settings the files' UTC applies: Feb 30, Mar 150", () => {
  const engine = SpiEngine.fromFiles(files());
  assert.deepEqual(months(engine), { from: "2026-02-01T00:00:00Z", values: [30, 150], currency: "EUR" });
  engine.free();
});

test("settings.timeZone America/New_York wins over the file's UTC: D1 moves to February", () => {
  const engine = SpiEngine.fromFiles(files(), { settings: { timeZone: "America/New_York" } });
  assert.deepEqual(months(engine), { from: "2026-02-01T05:00:00Z", values: [130, 50], currency: "EUR" });
  assert.equal(engine.summary().timeZone, "America/New_York");
  engine.free();
});

test("fiscal year start and a retail calendar from settings reach the summary and the periods", () => {
  const engine = SpiEngine.fromFiles(files(), { settings: { fiscalYearStartMonth: 2, fiscalCalendar: { pattern: "4-5-4" }, stalledAfterDays: 21 } });
  const summary = engine.summary();
  assert.equal(summary.fiscalYearStartMonth, 2);
  // The core's defaults for a retail calendar without yearEnd and month: Saturday nearest the end of January.
  assert.deepEqual(summary.fiscalCalendar, { pattern: "4-5-4", yearEnd: "saturday_nearest_end_of", month: 1 });
  assert.equal(summary.stalledAfterDays, 21);
  engine.free();
  const plain = SpiEngine.fromFiles(files());
  assert.equal(plain.summary().fiscalCalendar, null);
  assert.equal(plain.summary().stalledAfterDays, null);
  plain.free();
});

test("a mapping's settings win over the files', and fromFiles settings over the mapping's", () => {
  const mapping = { settings: { timeZone: "America/New_York", currency: "USD" } };
  let engine = SpiEngine.fromFiles(files(mapping));
  assert.deepEqual(months(engine), { from: "2026-02-01T05:00:00Z", values: [130, 50], currency: "USD" });
  engine.free();
  engine = SpiEngine.fromFiles(files(mapping), { settings: { timeZone: "UTC" } });
  assert.deepEqual(months(engine), { from: "2026-02-01T00:00:00Z", values: [30, 150], currency: "USD" });
  engine.free();
});

test("settings are strict: an unknown option or setting is invalid_value at its path", () => {
  assert.throws(() => SpiEngine.fromFiles(files(), { settings: { timezone: "UTC" } }), { code: "invalid_value", path: "settings.timezone" });
  assert.throws(() => SpiEngine.fromFiles(files(), { setting: { timeZone: "UTC" } }), { code: "invalid_value", path: "options.setting" });
  assert.throws(() => SpiEngine.fromFiles(files(), { settings: "UTC" }), { code: "invalid_value", path: "settings" });
  assert.throws(() => SpiEngine.fromFiles(files(), { settings: { timeZone: "America/New_Yrok" } }), { code: "unsupported_time_zone", path: "settings.timeZone" });
  assert.throws(() => SpiEngine.fromFiles(files({ settings: { asof: "2026-01-01" } })), { code: "invalid_mapping", path: "mapping.settings.asof" });
});
