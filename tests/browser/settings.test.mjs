// The settings panel: a CSV load, then the time zone and fiscal year start set on the panel.
// Hand-worked (as tests/it/ingest/settings_override.rs): D1 created 2026-03-01T03:00Z (100), D2
// 2026-03-15T12:00Z (50, the latest instant: asOf), D3 2026-02-10T12:00Z (30). In UTC with a
// January fiscal year, this fiscal quarter starts 2026-01-01T00:00Z and February's pipeline
// created is 30. In America/New_York (UTC-5 until 2026-03-08) with a February fiscal year, it
// starts 2026-02-01 local = 05:00Z, and D1 (2026-02-28 22:00 local) joins February: 130.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, RESULTS } from "./browser.mjs";

const DEALS = `id,status,amount,createdAt,closedAt
D1,won,100,2026-03-01T03:00:00Z,2026-03-01T03:00:00Z
D2,won,50,2026-03-15T12:00:00Z,2026-03-15T12:00:00Z
D3,lost,30,2026-02-10T12:00:00Z,2026-02-20T12:00:00Z
`;
const generation = (page) => page.evaluate(() => Number(document.body.dataset.generation ?? 0));
const query = (page) => page.evaluate(() => JSON.parse(document.body.dataset.query));

/** February's pipeline_created in the page's JSON export (monthly cadence). */
async function february(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
  const report = JSON.parse(readFileSync(await download.path(), "utf8"));
  const series = report.indicators.find((i) => i.id === "pipeline_created").series;
  return series.find((p) => p.bucket.startsWith("2026-02")).value;
}

test("time zone and fiscal start set on the panel move the quarter and February's pipeline", async (t) => {
  const b = await openBrowser(t, { viewport: { width: 1100, height: 1100 } });
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  let g = await generation(page);
  await page.setInputFiles("#files", { name: "deals.csv", mimeType: "text/csv", buffer: Buffer.from(DEALS) });
  await ready(page, { generation: g });
  g = await generation(page);
  await page.selectOption("#cadence", "month");
  await ready(page, { generation: g });
  assert.equal((await query(page)).from, "2026-01-01T00:00:00Z");
  assert.equal(await february(page), 30);

  // The panel starts from the data (UTC is the default, so the browser's zone is proposed).
  await page.click("#settings-panel > summary");
  const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.equal(await page.inputValue("#set-timeZone"), browserZone);
  assert.equal(await page.inputValue("#set-fiscalYearStartMonth"), "1");
  assert.equal(await page.inputValue("#set-calendar"), "standard");

  await page.fill("#set-timeZone", "America/New_York");
  await page.selectOption("#set-fiscalYearStartMonth", "2");
  g = await generation(page);
  await page.click(".settings-form button[type=submit]");
  await ready(page, { generation: g });
  assert.equal((await query(page)).from, "2026-02-01T05:00:00Z");
  assert.equal(await february(page), 130);
  // After the re-read the panel shows the applied settings.
  assert.equal(await page.inputValue("#set-timeZone"), "America/New_York");
  assert.equal(await page.inputValue("#set-fiscalYearStartMonth"), "2");
  // "As of": empty starts from the data's latest instant (D2, 2026-03-15); a date set there is
  // the report's "now" (the status line says it), and the panel keeps it after the re-read.
  assert.equal(await page.inputValue("#set-asOf"), "");
  assert.match(await page.textContent("#set-asOf-hint"), /the latest date in the data \(2026-03-15\)/);
  await page.fill("#set-asOf", "2026-03-10");
  g = await generation(page);
  await page.click(".settings-form button[type=submit]");
  await ready(page, { generation: g });
  assert.match(await page.textContent("#status"), /as of 2026-03-10\./);
  assert.equal(await page.inputValue("#set-asOf"), "2026-03-10");
  assert.doesNotMatch(await page.textContent("#set-asOf-hint"), /2026-03-10/, "the applied date is not the data's");
  assert.equal(await february(page), 130);
  await page.screenshot({ path: join(RESULTS, "settings-panel.png"), fullPage: true });

  // A bad zone is refused with its code and path, and the close match.
  g = await generation(page);
  await page.fill("#set-timeZone", "America/New_Yrok");
  await page.click(".settings-form button[type=submit]");
  await page.waitForFunction(() => document.body.dataset.ready === "error");
  const alert = await page.locator("#error").textContent();
  assert.match(alert, /America\/New_York/);
  assert.deepEqual(b.problems, []);
});
