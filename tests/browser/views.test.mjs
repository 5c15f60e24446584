// The manager views on the hand-worked fixture tests/fixtures/views.json (its numbers are worked
// out in tests/it/indicators/forecast_plan.rs and tests/it/indicators/flow.rs), Q1 2026 by month, grouped by owner, as
// of 2026-03-15: the pipeline flow waterfall (all owners and one row per owner; the identity on
// screen), the forecast against quota with past accuracy, the rep scorecard, a drill into one
// bar of each (clicked on the canvas), Save PNG, and screenshots at 1280 and 360 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, foreign, RESULTS } from "./browser.mjs";
import { root } from "../js/helpers.mjs";

const DATA = readFileSync(join(root, "tests/fixtures/views.json"));

const FLOW = {
  all: ["Start $8,800 (4)", "Created $8,500 (4)", "Pulled in $600 (1)", "Increased $1,000 (1)", "Decreased $1,000 (1)",
    "Pushed out $800 (1)", "Lost $4,000 (1)", "Won $3,000 (2)", "End $10,100 (5)"],
  ann: ["Start $2,800 (3)", "Created $2,000 (1)", "Pulled in $0 (0)", "Increased $1,000 (1)", "Decreased $0 (0)",
    "Pushed out $800 (1)", "Lost $0 (0)", "Won $1,000 (1)", "End $4,000 (2)"],
  bob: ["Start $6,000 (1)", "Created $6,500 (3)", "Pulled in $600 (1)", "Increased $0 (0)", "Decreased $1,000 (1)",
    "Pushed out $0 (0)", "Lost $4,000 (1)", "Won $2,000 (1)", "End $6,100 (3)"],
};

// Rows of the forecast table: [label, Jan, Feb, Mar] (amount and count for the stacked parts).
const FORECAST = [
  ["Won", "$1,000 1", "$2,000 1", "$0 0"],
  ["Commit", "$0 0", "$0 0", "$3,000 1"],
  ["Best case", "$0 0", "$0 0", "$5,000 1"],
  ["Pipeline", "$0 0", "$1,000 1", "$600 1"],
  ["Omitted", "$0 0", "$0 0", "$0 0"],
  ["No category", "$0 0", "$0 0", "$500 1"],
  ["Weighted open", "–", "$200", "$3,220"],
  ["Quota", "$3,100", "$2,800", "$3,100"],
];

/** Clicks the plot of `chart` (a .view-chart) at bar `i` of `n`, at value `v` of a y axis from 0 to `top`. */
async function clickBar(page, chart, i, n, v, top) {
  const over = page.locator(`${chart} .u-over`);
  const box = await over.boundingBox();
  await over.click({ position: { x: ((i + 0.5) / n) * box.width, y: box.height * (1 - v / top) } });
}

async function drilled(page) {
  await page.waitForSelector('#drill[data-ready="true"]');
  const lists = page.locator("#drill .id-list");
  return { title: await page.textContent("#drill-title"), value: await page.textContent("#drill-value"), numerator: await lists.nth(0).locator("li").allTextContents() };
}

test("flow, forecast and scorecard show the hand-worked numbers and drill from a bar", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  await page.setInputFiles("#files", { name: "views.json", mimeType: "application/json", buffer: DATA });
  await ready(page);
  let g = await page.evaluate(() => Number(document.body.dataset.generation ?? 0));
  await page.selectOption("#cadence", "month");
  await ready(page, { generation: g });
  g = await page.evaluate(() => Number(document.body.dataset.generation ?? 0));
  await page.selectOption("#period", "custom");
  await page.fill("#from", "2026-01-01");
  await page.fill("#to", "2026-03-31");
  await page.locator("#to").dispatchEvent("change");
  await page.waitForFunction(() => JSON.parse(document.body.dataset.query ?? "{}").to === "2026-04-01" && document.body.dataset.ready === "true");
  await ready(page);

  // 1. The waterfall: every term, per owner too; the identity written out and holding.
  const terms = (scope) => page.locator(`#flow-view .flow-block[${scope}] .flow-term`).allTextContents();
  assert.deepEqual(await terms('data-scope="all"'), FLOW.all);
  assert.deepEqual(await terms('data-group="ann"'), FLOW.ann);
  assert.deepEqual(await terms('data-group="bob"'), FLOW.bob);
  assert.equal(await page.textContent('#flow-view .flow-block[data-scope="all"] .flow-sum'),
    "$8,800 + $8,500 + $600 + $1,000 − $1,000 − $800 − $4,000 − $3,000 = $10,100");
  assert.equal(await page.textContent('#flow-view .flow-block[data-scope="all"] .flow-change'), "(terms sum to end − start = $1,300 ✓)");
  assert.equal(await page.locator("#flow-view .flow-check.broken").count(), 0);
  // The "Decreased" bar (5th of 9) of all owners: from 18,900 down to 17,900 on an axis to 18,900 x 1.08.
  await clickBar(page, '#flow-view .flow-block[data-scope="all"] .view-chart', 4, 9, 18_400, 18_900 * 1.08);
  let d = await drilled(page);
  assert.equal(d.title, "Pipeline flow, All owners: Decreased");
  assert.deepEqual(d.numerator, ["O2"]);
  assert.deepEqual(await page.locator("#drill table.moves tbody tr").allTextContents(), ["O2$1,000$6,000$5,000"]);
  await page.keyboard.press("Escape");
  // A term of one owner, by its button: ann's increase, O1 2,000 -> 3,000.
  await page.click('#flow-view .flow-block[data-group="ann"] .flow-term[data-term="increased"]');
  d = await drilled(page);
  assert.deepEqual(d.numerator, ["O1"]);
  assert.deepEqual(await page.locator("#drill table.moves tbody tr").allTextContents(), ["O1$1,000$2,000$3,000"]);
  await page.keyboard.press("Escape");

  // 2. Forecast against quota, and past accuracy.
  assert.deepEqual(await page.locator("#forecast-view .forecast-table thead th").allTextContents(), ["By close date", "2026-01", "2026-02", "2026-03"]);
  const rows = await page.locator("#forecast-view .forecast-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(rows, FORECAST);
  const accuracy = await page.locator("#forecast-view .accuracy-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(accuracy, [["2026-01", "75.0%", "+25.0%", "1"], ["2026-02", "80.0%", "−20.0%", "1"], ["Whole period", "77.5%", "+2.5%", "2"]]);
  // The best case segment of March's stack (3,000 to 8,000 on an axis to 9,100 x 1.08).
  await clickBar(page, "#forecast-view .view-chart", 2, 3, 5_500, 9_100 * 1.08);
  d = await drilled(page);
  assert.equal(d.title, "Forecast 2026-03: Best case");
  assert.deepEqual([d.value, d.numerator], ["5,000", ["O2"]]);
  await page.keyboard.press("Escape");
  await page.click('#forecast-view .forecast-table button[data-bucket="2026-03"][data-part="weighted"]');
  d = await drilled(page);
  assert.deepEqual([d.value, d.numerator], ["3,220", ["O1", "O2", "O4", "P2"]]);
  await page.keyboard.press("Escape");

  // 3. The rep scorecard: bob's win rate 1 of 2 (Wilson 95%: 9.5% to 90.5%), the team median of
  // ann's 1 of 1 and bob's 1 of 2 (75%), down 50 points from 1 of 1 (W0) the period before.
  // Pipeline flow: bob ends at 6,100 (5 deals: O2, O4, W2, L1, P2), ann at 4,000 (median 5,050);
  // the previous 90 days (2025-10-03 to 2026-01-01) ended at 0 for bob (W0 won).
  await page.waitForSelector('#scorecard-view[data-ready="true"]');
  await page.selectOption("#rep", "bob");
  const cells = async (id) => page.locator(`#scorecard-view tr[data-indicator="${id}"] td`).allTextContents();
  assert.deepEqual(await cells("win_rate"), ["50.0%1 of 2, 95% 9.5%–90.5%", "75.0%", "▼ −50.0 pts"]);
  assert.deepEqual(await cells("pipeline_flow"), ["$6,100n = 5", "$5,050", "▲ +$6,100"]);
  // bob's actions: the two win-rate drivers he explains (his 1 of 1 -> 1 of 2), none of ann's.
  const bobs = await page.locator("#scorecard-view .rep-actions li").allTextContents();
  assert.equal(bobs.length, 2, bobs.join("\n"));
  assert.ok(bobs.every((a) => a.includes("owner bob")), bobs.join("\n"));
  await page.selectOption("#rep", "ann");
  assert.deepEqual(await cells("win_rate"), ["100.0%1 of 1, 95% 20.7%–100.0%", "75.0%", "–"]);
  await page.click('#scorecard-view tr[data-indicator="win_rate"] .cell');
  d = await drilled(page);
  assert.deepEqual(d.numerator, ["W1"]);
  await page.keyboard.press("Escape");
  assert.ok(await page.locator("#scorecard-view h3").filter({ hasText: "Actions for ann" }).count());

  // 4. Save PNG: a PNG made in the page.
  const [png] = await Promise.all([page.waitForEvent("download"), page.click('#flow-view .flow-block[data-scope="all"] .png')]);
  assert.equal(png.suggestedFilename(), "pipeline-flow-all.png");
  assert.deepEqual([...readFileSync(await png.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

  // Screenshots; at 360 px nothing is wider than the page.
  await page.locator("#views").screenshot({ path: join(RESULTS, "views-1280.png") });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForTimeout(300);
  for (const view of ["flow", "forecast", "scorecard"]) {
    await page.locator(`#${view}-view`).screenshot({ path: join(RESULTS, `views-${view}-360.png`) });
  }
  const wide = await page.evaluate(() => [...document.querySelectorAll("#views *")]
    .filter((e) => !e.closest(".table-wrap") && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map((e) => `${e.tagName}.${e.className}`));
  assert.deepEqual(wide, []);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(RESULTS, "views-print.png"), fullPage: true });
  assert.equal(await page.locator(".controls select").first().isVisible(), false, "print hides the controls");
  assert.equal(await page.locator("#flow-view .png").first().isVisible(), false, "print hides the buttons");
  // A printed page is narrower than the screen the charts were drawn for: they scale down.
  await page.setViewportSize({ width: 700, height: 900 });
  const cut = await page.evaluate(() => [...document.querySelectorAll("#views canvas")]
    .filter((c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length);
  assert.equal(cut, 0, "a chart is wider than the printed page");

  assert.deepEqual(b.problems, []);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});

test("the sidebar's rep focus shows the scorecard's rows", async (t) => {
  const b = await openBrowser(t, { viewport: { width: 360, height: 800 } });
  const page = await b.newPage();
  // Chromium asks a top-level page's origin for /favicon.ico, which the sidebar (made for a frame)
  // does not declare: answered empty, so that a 404 would be the sidebar's own.
  await page.route("**/favicon.ico", (route) => route.fulfill({ status: 200, contentType: "image/x-icon", body: "" }));
  await page.goto(`${b.url}sidebar.html`);
  // A same-origin message (the allow-list's default), as a host sends it.
  const reply = await page.evaluate((data) => new Promise((resolve) => {
    window.addEventListener("message", (e) => e.data?.type?.startsWith("spi:r") && resolve(e.data));
    window.postMessage({ type: "spi:data", version: 1, data, focus: { owner: "bob" }, query: { from: "2026-01-01", to: "2026-04-01", cadence: "month" } }, location.origin);
  }), JSON.parse(DATA.toString()));
  assert.equal(reply.type, "spi:rendered", JSON.stringify(reply));
  // The same numbers as the page's scorecard, once the previous period's figures have come.
  const winRate = '.side-kpi[data-indicator="win_rate"]';
  await page.waitForFunction((s) => document.querySelector(`${s} .chg`)?.textContent !== "", winRate);
  assert.deepEqual(await page.locator(`${winRate} span`).allTextContents(),
    ["Win rate", "50.0%", "1 of 2, 95% 9.5%–90.5%; team median 75.0%", "▼ −50.0 pts"]);
  await page.screenshot({ path: join(RESULTS, "views-sidebar-360.png"), fullPage: true });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
  assert.deepEqual(b.problems, [], b.requests.join("\n"));
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});

test("with no open deal expected in the period the flow says why instead of drawing $0 bars", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  // Closed deals only (as in a CSV of closed opportunities): nothing is open, so no flow term has a deal.
  const data = { settings: { asOf: "2026-03-15", currency: "USD" }, deals: [
    { id: "W1", status: "won", amount: 1000, createdAt: "2026-01-05", closedAt: "2026-02-10" },
    { id: "L1", status: "lost", amount: 500, createdAt: "2026-01-06", closedAt: "2026-02-11" },
  ] };
  await page.setInputFiles("#files", { name: "closed.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(data)) });
  await ready(page);
  await page.waitForSelector("#flow-view .flow-empty");
  assert.match(await page.textContent("#flow-view .flow-empty"), /^No open deal was expected to close in this period/);
  assert.equal(await page.locator("#flow-view .flow-block").count(), 0);
  assert.deepEqual(b.problems, []);
});

test("past six reps the per-owner waterfalls fold into a closed list, drawn when opened", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  // Seven owners, each with one open deal expected in the period (a created term each).
  const deals = Array.from({ length: 7 }, (_, i) => ({ id: `O${i}`, owner: `rep-${i}`, status: "open", stage: "proposal",
    amount: 100 * (i + 1), createdAt: "2026-02-01", expectedCloseAt: "2026-03-10" }));
  const data = { settings: { asOf: "2026-03-15", currency: "USD" }, deals };
  await page.setInputFiles("#files", { name: "seven.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(data)) });
  await ready(page);
  await page.waitForSelector("#flow-view details.flow-by-owner");
  assert.equal(await page.textContent("#flow-view details.flow-by-owner summary"), "By owner (7 reps)");
  assert.equal(await page.evaluate(() => document.querySelector("#flow-view details.flow-by-owner").open), false);
  // Closed: the owners' charts are not drawn yet; the total's is.
  assert.equal(await page.locator('#flow-view .flow-block[data-scope="all"] canvas').count() > 0, true);
  assert.equal(await page.locator('#flow-view .flow-block[data-scope="group"] canvas').count(), 0);
  await page.click("#flow-view details.flow-by-owner summary");
  await page.waitForSelector('#flow-view .flow-block[data-group="rep-6"] canvas');
  assert.equal(await page.locator('#flow-view .flow-block[data-scope="group"]').count(), 7);
  assert.deepEqual(b.problems, []);
});
