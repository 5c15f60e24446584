// IANA time zones through the built package: the day and month buckets of deals created near
// local midnight and DST changes (New York, Berlin, Lord Howe, Kathmandu, Sydney, Santiago) are
// the ones Python's zoneinfo gives (tests/fixtures/tz/make_fixtures.py wrote them; the native
// and CLI routes are tests/it/time/zones.rs). JSON bytes and JS objects both cross the boundary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { computeReport, computeReportFromJson } from "spi-wasm";
import { root } from "./helpers.mjs";

const fixtures = join(root, "tests/fixtures/tz");
const expected = JSON.parse(readFileSync(join(fixtures, "expected.json"), "utf8"));
const queries = {
  day: JSON.parse(readFileSync(join(fixtures, "query_day.json"), "utf8")),
  month: JSON.parse(readFileSync(join(fixtures, "query_month.json"), "utf8")),
};

/** The pipeline_created series of a report as [bucket, value] pairs. */
const series = (report) => report.indicators.find((i) => i.id === "pipeline_created").series.map((p) => [p.bucket, p.value]);

/** Asserts the series holds the expected counts, zero in every other bucket. */
function check(name, got, want, buckets) {
  assert.equal(got.length, buckets, `${name}: bucket count`);
  for (const [bucket, value] of got) assert.equal(value, want[bucket] ?? 0, `${name}: ${bucket}`);
}

for (const zone of expected.zones) {
  test(`${zone.zone}: buckets match zoneinfo`, () => {
    const bytes = readFileSync(join(root, zone.data));
    const object = JSON.parse(bytes.toString("utf8"));
    for (const [cadence, key, buckets] of [["day", "days", 365], ["month", "months", 12]]) {
      check(`${zone.zone} ${cadence} (bytes)`, series(computeReportFromJson(new Uint8Array(bytes), queries[cadence])), zone[key], buckets);
      check(`${zone.zone} ${cadence} (object)`, series(computeReport(object, queries[cadence])), zone[key], buckets);
    }
  });
}

test("an unknown zone is an Error with code, path and close names", () => {
  assert.throws(
    () => computeReport({ settings: { timeZone: "America/New_Yrok" }, deals: [] }, null),
    (e) => e instanceof Error && e.code === "unsupported_time_zone" && e.path === "settings.timeZone" && e.message.includes('"America/New_York"'),
  );
});
