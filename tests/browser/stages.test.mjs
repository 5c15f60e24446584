// Pipeline by stage on the page: each funnel stage shows its open deals as of the period end
// (count, value, weighted value, median days in stage, stalled) with numbers worked out by hand
// (the fixture of tests/it/indicators/pipeline_by_stage.rs), and a stage cell drills to the stage's deals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openBrowser, ready, foreign, RESULTS } from "./browser.mjs";

// asOf 2026-04-01, stalledAfterDays 20, 1 EUR = 1.1 USD; discovery p 0.1, demo p 40 (%),
// proposal no probability. Entry into the stage -> days to 04-01:
// discovery: P-1 1000 (03-01: 31 d, stalled), P-2 3000 (createdAt 03-22: 10 d)
//   -> 2 open, $4,000, weighted $400, median 20.5 d, 1 stalled.
// demo: P-3 5000 EUR = 5500 (03-12: 20 d, not > 20), P-4 2000 (back in demo 03-02: 30 d, stalled),
//   P-5 no amount (02-10: 50 d, stalled) -> 3 open, $7,500, weighted $3,000, median 30 d, 2 stalled.
// proposal: P-6 8000 (03-27: 5 d) -> 1 open, $8,000, no weighted value, median 5 d, 0 stalled.
const DATA = JSON.stringify({
  settings: { asOf: "2026-04-01", currency: "USD", stalledAfterDays: 20, timeZone: "UTC" },
  fx: { EUR: 1.1 },
  stages: [
    { id: "discovery", label: "Discovery", order: 1, kind: "open", probability: 0.1 },
    { id: "demo", label: "Demo", order: 2, kind: "open", probability: 40 },
    { id: "proposal", label: "Proposal", order: 3, kind: "open" },
    { id: "won", order: 4, kind: "won" },
    { id: "lost", order: 5, kind: "lost" },
  ],
  deals: [
    { id: "P-1", createdAt: "2026-03-01", stage: "discovery", amount: 1000, history: [{ at: "2026-03-01", stage: "discovery" }] },
    { id: "P-2", createdAt: "2026-03-22", stage: "discovery", amount: 3000 },
    { id: "P-3", createdAt: "2026-01-10", stage: "demo", amount: 5000, currency: "EUR",
      history: [{ at: "2026-01-10", stage: "discovery" }, { at: "2026-03-12", stage: "demo" }] },
    { id: "P-4", createdAt: "2026-02-01", stage: "demo", amount: 2000, history: [
      { at: "2026-02-01", stage: "discovery" }, { at: "2026-02-15", stage: "demo" },
      { at: "2026-02-25", stage: "proposal" }, { at: "2026-03-02", stage: "demo" }] },
    { id: "P-5", createdAt: "2026-02-10", stage: "demo", history: [{ at: "2026-02-10", stage: "demo" }] },
    { id: "P-6", createdAt: "2026-01-05", stage: "proposal", amount: 8000,
      history: [{ at: "2026-01-05", stage: "discovery" }, { at: "2026-03-27", stage: "proposal" }] },
    { id: "W-1", createdAt: "2026-01-02", closedAt: "2026-02-01", stage: "won", amount: 4000,
      history: [{ at: "2026-01-02", stage: "discovery" }, { at: "2026-02-01", stage: "won" }] },
  ],
});

const EXPECTED = {
  discovery: ["2 open", "$4,000", "weighted $400", "median 20.5 d here", "1 stalled"],
  demo: ["3 open", "$7,500", "weighted $3,000", "median 30.0 d here", "2 stalled"],
  proposal: ["1 open", "$8,000", "weighted –", "median 5.0 d here", "0 stalled"],
};

test("the funnel shows each stage's open value beside its count, and a cell drills to its deals", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  await page.setInputFiles("#files", { name: "stages.json", mimeType: "application/json", buffer: Buffer.from(DATA) });
  await ready(page);
  // A period ending at asOf with the deals in it (the default quarter starts on asOf itself).
  const g = await page.evaluate(() => Number(document.body.dataset.generation ?? 0));
  await page.selectOption("#period", "last_90");
  await ready(page, { generation: g });

  for (const [stage, cells] of Object.entries(EXPECTED)) {
    const shown = await page.locator(`#funnel .stage[data-stage="${stage}"] .open-cell`).allTextContents();
    assert.deepEqual(shown, cells, stage);
  }
  await page.locator("#funnel").screenshot({ path: join(RESULTS, "funnel-stages-1280.png") });

  // The demo stage's stalled cell: stalled P-4, P-5 of open P-3, P-4, P-5; value $7,500.
  await page.click('#funnel .stage[data-stage="demo"] .open-stalled');
  await page.waitForSelector('#drill[data-ready="true"]');
  assert.equal(await page.textContent("#drill-numerator"), "2");
  assert.equal(await page.textContent("#drill-denominator"), "3");
  assert.equal(await page.textContent("#drill-value"), "7,500");
  const lists = page.locator("#drill .id-list");
  assert.deepEqual(await lists.nth(0).locator("li").allTextContents(), ["P-4", "P-5"]);
  assert.deepEqual(await lists.nth(1).locator("li").allTextContents(), ["P-3", "P-4", "P-5"]);
  await page.keyboard.press("Escape");

  // At 360 px the stage rows wrap: nothing overflows the funnel.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.locator("#funnel").screenshot({ path: join(RESULTS, "funnel-stages-360.png") });
  const overflow = await page.evaluate(() => [...document.querySelectorAll("#funnel .stage-open")].some((e) => e.scrollWidth > e.clientWidth));
  assert.equal(overflow, false);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no page-wide horizontal scroll");

  assert.deepEqual(b.problems, []);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});
