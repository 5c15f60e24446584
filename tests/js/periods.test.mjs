// SpiEngine.namedPeriods through the built package: the dates of a fiscal-February dataset in New
// York worked out by hand (the native route is tests/it/time/periods.rs), at asOf and at a given instant,
// and a bad instant as an Error with code and path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpiEngine } from "spi-wasm";

const DATA = JSON.stringify({ settings: { timeZone: "America/New_York", fiscalYearStartMonth: 2, asOf: "2026-03-15" }, deals: [] });

test("named periods follow the fiscal year and the zone's daylight saving", () => {
  const engine = SpiEngine.fromJson(DATA);
  const byId = Object.fromEntries(engine.namedPeriods().map((p) => [p.id, p]));
  // asOf 2026-03-15 is local midnight in EDT (04:00Z); 2026-02-01 and 2025-12-15 are EST (05:00Z).
  assert.deepEqual(byId.this_quarter, { id: "this_quarter", label: "FY2027-Q1", from: "2026-02-01T05:00:00Z", to: "2026-03-15T04:00:00Z" });
  assert.deepEqual(byId.last_90_days, { id: "last_90_days", label: "90 days", from: "2025-12-15T05:00:00Z", to: "2026-03-15T04:00:00Z" });
  // At 2026-05-01 (local midnight, EDT), this quarter (FY2027-Q1: Feb-Apr) ends there; last
  // quarter is FY2026-Q4 from 2025-11-01 (still EDT: 04:00Z).
  const at = Object.fromEntries(engine.namedPeriods("2026-05-01").map((p) => [p.id, p]));
  assert.deepEqual([at.this_quarter.from, at.this_quarter.to], ["2026-02-01T05:00:00Z", "2026-05-01T04:00:00Z"]);
  assert.deepEqual([at.last_quarter.label, at.last_quarter.from], ["FY2026-Q4", "2025-11-01T04:00:00Z"]);
  assert.throws(() => engine.namedPeriods("yesterday"), (e) => e instanceof Error && e.code === "invalid_query" && e.path === "at");
  engine.free();
});
