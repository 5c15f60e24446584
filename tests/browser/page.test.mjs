// The report page on the sample, in Chromium under its CSP: the same figures as the native CLI for
// the same query, updates on period and grouping changes, drill-down ids, exports with the same
// numbers, and no network request anywhere but the local server (none at all after load).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, native, foreign, RESULTS } from "./browser.mjs";
import { root } from "../js/helpers.mjs";

const SAMPLE = join(root, "www/sample.json");
const pct = (v) => `${(v * 100).toFixed(1)}%`;
const money = (v) => new Intl.NumberFormat("en", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(v);
const days = (v) => `${v.toFixed(1)} d`;

async function shown(page) {
  const text = (id) => page.textContent(`.card[data-indicator="${id}"] .value`);
  return { win: await text("win_rate"), size: await text("average_deal_size"), cycle: await text("sales_cycle_days") };
}

function expected(report) {
  const v = (id) => report.indicators.find((i) => i.id === id).value;
  return { win: pct(v("win_rate")), size: money(v("average_deal_size")), cycle: days(v("sales_cycle_days")) };
}

async function query(page) {
  return JSON.parse(await page.evaluate(() => document.body.dataset.query));
}

async function generation(page) {
  return Number(await page.evaluate(() => document.body.dataset.generation));
}

test("the report page matches the native CLI, drills down, exports, and stays off the network", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  const response = await page.goto(b.url);
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(response.headers()["content-security-policy"], /require-trusted-types-for 'script'/);
  await ready(page);
  // Every request of the load made (lazy chunks and the worker's come late on a busy machine):
  // no connection for 500 ms.
  await page.waitForLoadState("networkidle");
  const atLoad = b.requests.length;

  // Default query: this fiscal quarter by week, grouped by owner.
  let q = await query(page);
  assert.deepEqual(q.groupBy, ["owner"]);
  let nat = native(SAMPLE, q, b.profile);
  assert.deepEqual(await shown(page), expected(nat));
  const owners = await page.locator("#groups-table tbody tr").count();
  assert.equal(owners, nat.groups.owner.length);
  // Titles and columns come from the module's catalog, the page lists no indicator: the cards are
  // the catalog's core set (its `card` entries, in report order), each titled with its catalog
  // label; the segments table's columns are the headline indicators (the ten the page listed
  // itself before the catalog, by hand).
  const titles = await page.$$eval(".card", (cards) => cards.map((c) => [c.dataset.indicator, c.querySelector("h3").textContent]));
  assert.deepEqual(titles, [["win_rate", "Win rate"], ["win_rate_by_value", "Win rate by value"], ["average_deal_size", "Average deal size"],
    ["sales_cycle_days", "Sales cycle"], ["pipeline_created", "Pipeline created"], ["quota_attainment", "Quota attainment"],
    ["pipeline_coverage", "Pipeline coverage"], ["pipeline_velocity", "Pipeline velocity"]]);
  const columns = await page.$$eval("#groups-table thead th", (ths) => ths.slice(1).map((th) => th.textContent.replace(/ [▲▼]$/, "")));
  assert.deepEqual(columns, ["Win rate", "Win rate by value", "Average deal size", "Sales cycle", "Pipeline created",
    "Quota attainment", "Pipeline coverage", "Deal aging", "Rep response time", "Engagement rate"]);
  await page.screenshot({ path: join(RESULTS, "page-1280.png"), fullPage: true });

  // Period and grouping changes recompute (in the worker) and match the CLI again.
  let g = await generation(page);
  await page.selectOption("#period", "last_90");
  await ready(page, { generation: g });
  g = await generation(page);
  await page.selectOption("#groupBy", "segment");
  await ready(page, { generation: g });
  g = await generation(page);
  await page.selectOption("#cadence", "month");
  await ready(page, { generation: g });
  q = await query(page);
  assert.deepEqual(q.groupBy, ["segment"]);
  assert.equal(q.cadence, "month");
  assert.equal(q.to, null);
  nat = native(SAMPLE, q, b.profile);
  assert.notDeepEqual(expected(nat), expected(native(SAMPLE, { cadence: "week", groupBy: ["owner"] }, b.profile)));
  assert.deepEqual(await shown(page), expected(nat));
  const segments = await page.locator("#groups-table tbody th").allTextContents();
  assert.deepEqual(segments.sort(), nat.groups.segment.map((r) => r.group).sort());

  // A target on win rate marks the period value met or missed as the CLI does.
  g = await generation(page);
  await page.click(".targets summary");
  await page.fill('[data-indicator="win_rate"] input[name="min"]', "99");
  // Leaving the field fires its one change, as for a user. (A change dispatched while the field
  // kept focus was followed by the native one when the click below took the focus away: that
  // second recompute could re-render the cards between mouse down and up and lose the click.)
  await page.locator('[data-indicator="win_rate"] input[name="min"]').blur();
  await ready(page, { generation: g });
  q = await query(page);
  assert.deepEqual(q.targets, { win_rate: { min: 0.99, max: null } });
  nat = native(SAMPLE, q, b.profile);
  assert.equal(await page.textContent('.card[data-indicator="win_rate"] .badge'), `target ${nat.indicators.find((i) => i.id === "win_rate").target.status}`);

  // Drill-down: the win rate's numerator and denominator, with the ids behind them.
  const win = nat.indicators.find((i) => i.id === "win_rate");
  await page.click('.card[data-indicator="win_rate"] .value');
  await page.waitForSelector('#drill[data-ready="true"]');
  assert.equal(await page.textContent("#drill-numerator"), String(win.numerator));
  assert.equal(await page.textContent("#drill-denominator"), String(win.denominator));
  const ids = await page.locator("#drill .id-list").first().locator("li").allTextContents();
  assert.equal(ids.length, win.numerator);
  assert.ok(ids.every((id) => /^D-\d+$/.test(id)), ids.slice(0, 5).join(","));
  await page.keyboard.press("Escape");

  // Exports: generated in the page, same numbers as the CLI.
  const [jsonDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
  const exported = JSON.parse(readFileSync(await jsonDownload.path(), "utf8"));
  assert.deepEqual(exported.indicators.map((i) => [i.id, i.value]), nat.indicators.map((i) => [i.id, i.value]));
  assert.deepEqual(exported.groups, nat.groups);
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const csv = readFileSync(await csvDownload.path(), "utf8").trim().split("\r\n").map((l) => l.split(","));
  assert.equal(csv[0][0], "segment");
  const col = csv[0].indexOf("win_rate");
  for (const row of csv.slice(1)) {
    const figure = nat.groups.segment.find((r) => r.group === row[0]).indicators.find((f) => f.id === "win_rate");
    assert.equal(row[col] === "" ? null : Number(row[col]), figure?.value ?? null, `win rate of ${row[0]}`);
  }

  // Loading a file (the file input): the worker reads it, no request.
  // Waited for by the count of finished loads: a load over before a wait for its "loading"
  // state began would never be seen.
  const loads = await page.evaluate(() => Number(document.body.dataset.loads ?? 0));
  await page.setInputFiles("#files", { name: "sample.json", mimeType: "application/json", buffer: readFileSync(SAMPLE) });
  await page.waitForFunction((n) => Number(document.body.dataset.loads ?? 0) > n, loads);
  await ready(page);
  assert.deepEqual(await shown(page), expected(nat));

  await page.waitForTimeout(500);
  const after = b.requests.slice(atLoad).filter((r) => !r.startsWith("blob:"));
  assert.deepEqual(after, [], "requests after load (file, recompute, export)");
  assert.deepEqual(foreign(b.requests, [b.origin]), [], "requests to anywhere but the local server");
  assert.ok(b.requests.some((r) => /\/assets\/spi_wasm_bg-[\w-]+\.wasm$/.test(r)), "the module came from the local server");
  assert.deepEqual(b.problems, []);
  assert.deepEqual(b.dialogs, []);
});

test("the page works at 360 px wide", async (t) => {
  const b = await openBrowser(t, { viewport: { width: 360, height: 800 } });
  const page = await b.newPage();
  await page.goto(b.url);
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);
  await page.screenshot({ path: join(RESULTS, "page-360.png"), fullPage: true });
  // Keyboard: the controls are reachable with Tab.
  const focused = new Set();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    focused.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
  }
  for (const id of ["files", "sample", "period", "cadence", "groupBy", "compare"]) assert.ok(focused.has(id), `${id} by keyboard: ${[...focused]}`);
  assert.deepEqual(b.problems, []);
});
