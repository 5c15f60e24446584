// IANA time zones on the page: deals created near local midnight and DST changes fall in the day
// and month buckets Python's zoneinfo gives (tests/fixtures/tz/make_fixtures.py), read from the
// page's JSON export after loading the fixture file and choosing the year 2026.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready } from "./browser.mjs";
import { root } from "../js/helpers.mjs";

const expected = JSON.parse(readFileSync(join(root, "tests/fixtures/tz/expected.json"), "utf8"));
const generation = (page) => page.evaluate(() => Number(document.body.dataset.generation ?? 0));

/** The pipeline_created series of the page's JSON export, as [bucket, value] pairs. */
async function exportedSeries(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
  const report = JSON.parse(readFileSync(await download.path(), "utf8"));
  return report.indicators.find((i) => i.id === "pipeline_created").series.map((p) => [p.bucket, p.value]);
}

function check(name, got, want, buckets) {
  assert.equal(got.length, buckets, `${name}: bucket count`);
  for (const [bucket, value] of got) assert.equal(value, want[bucket] ?? 0, `${name}: ${bucket}`);
}

test("day and month buckets on the page match zoneinfo in every fixture zone", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  for (const zone of expected.zones) {
    const name = zone.data.split("/").pop();
    let g = await generation(page);
    await page.setInputFiles("#files", { name, mimeType: "application/json", buffer: readFileSync(join(root, zone.data)) });
    await ready(page, { generation: g });
    g = await generation(page);
    await page.selectOption("#period", "custom");
    await page.fill("#from", "2026-01-01");
    await page.fill("#to", "2026-12-31");
    await page.locator("#to").blur();
    await page.waitForFunction((g0) => Number(document.body.dataset.generation) > g0 && document.body.dataset.query.includes('"to":"2027-01-01"'), g, { timeout: 60_000 });
    for (const [cadence, key, buckets] of [["day", "days", 365], ["month", "months", 12]]) {
      g = await generation(page);
      await page.selectOption("#cadence", cadence);
      await ready(page, { generation: g });
      check(`${zone.zone} ${cadence}`, await exportedSeries(page), zone[key], buckets);
    }
    await page.selectOption("#cadence", "week");
  }
  assert.deepEqual(b.problems, []);
});
