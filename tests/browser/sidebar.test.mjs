// The CRM sidebar in an iframe of a host page on another origin: data sent with postMessage from
// an allowed origin renders one rep's indicators and is answered (spi:ready, spi:rendered); the
// same message from an origin outside the allow-list is ignored (no render, no reply).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, foreign, RESULTS } from "./browser.mjs";
import { root } from "../js/helpers.mjs";

/** A host page on http://localhost:<port> framing the sidebar URL `src(ownOrigin)` (a test host). */
function hostServer(t, src) {
  const server = createServer((req, res) => {
    const own = `http://localhost:${server.address().port}`;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>CRM</title><body><iframe id="spi" width="360" height="720" src="${src(own)}"></iframe></body>`);
  });
  t.after(() => server.close());
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://localhost:${server.address().port}`)));
}

async function hostPage(b, hostOrigin) {
  const page = await b.newPage();
  await page.addInitScript(() => {
    window.replies = [];
    window.addEventListener("message", (e) => window.replies.push({ origin: e.origin, data: e.data }));
  });
  await page.goto(`${hostOrigin}/`);
  const frame = await (await page.waitForSelector("#spi")).contentFrame();
  await frame.waitForFunction(() => document.readyState === "complete");
  return { page, frame };
}

const send = (page, origin, message) =>
  page.evaluate(([o, m]) => document.getElementById("spi").contentWindow.postMessage(m, o), [origin, message]);

const SIDEBAR_LABELS = ["Win rate", "Average deal size", "Sales cycle", "Pipeline created", "Quota attainment",
  "Pipeline coverage", "Deal aging", "Rep response time", "Engagement rate"];

test("the sidebar renders data from an allowed origin and ignores other origins", async (t) => {
  const b = await openBrowser(t, { serverOptions: { frameAncestors: "http://localhost:*" } });
  const sample = JSON.parse(readFileSync(join(root, "www/sample.json"), "utf8"));
  const sidebar = (allow) => `${b.url}sidebar.html?allowOrigin=${encodeURIComponent(allow)}`;
  // Frames the sidebar allowing its own origin; the other frames it allowing a third origin only.
  const goodHost = await hostServer(t, (own) => sidebar(own));
  const otherHost = await hostServer(t, () => sidebar("https://crm.example"));

  // 1. A host whose origin is not in the list: ignored.
  const other = await hostPage(b, otherHost);
  await send(other.page, b.origin, { type: "spi:data", version: 1, data: sample, focus: { owner: "rep-3" } });
  await other.page.waitForTimeout(1500);
  assert.equal(await other.frame.evaluate(() => document.body.dataset.ready ?? null), null, "rendered data from a foreign origin");
  assert.deepEqual(await other.page.evaluate(() => window.replies), [], "answered a foreign origin");

  // 2. The allowed host: spi:ready on load, then spi:rendered after the data.
  const good = await hostPage(b, goodHost);
  await good.page.waitForFunction(() => window.replies.some((r) => r.data.type === "spi:ready"));
  await send(good.page, b.origin, { type: "spi:data", version: 1, data: sample, focus: { owner: "rep-3" }, query: { cadence: "month" } });
  await good.page.waitForFunction(() => window.replies.some((r) => r.data.type !== "spi:ready"), null, { timeout: 60_000 });
  const reply = (await good.page.evaluate(() => window.replies)).find((r) => r.data.type !== "spi:ready");
  assert.equal(reply.data.type, "spi:rendered", JSON.stringify(reply.data));
  assert.equal(reply.origin, b.origin);
  assert.equal(reply.data.summary.deals, sample.deals.length);
  assert.deepEqual(reply.data.summary.flags, [], "the sample reads whole: nothing to check");
  await ready(good.frame);
  assert.equal(await good.frame.isHidden("#side-flags"), true);
  assert.equal(await good.frame.textContent("#side-title"), "rep-3");
  // The sidebar's lines are the catalog's `headline: "sidebar"` indicators, titled with their
  // labels (the nine the sidebar listed itself before the catalog; rep-3's sample has them all).
  assert.deepEqual(await good.frame.locator(".side-kpi .name").allTextContents(), SIDEBAR_LABELS);

  // A wrong version is refused with spi:error.
  await send(good.page, b.origin, { type: "spi:data", version: 2, data: {} });
  await good.page.waitForFunction(() => window.replies.some((r) => r.data.type === "spi:error"));
  // A misspelled field is refused at its name (ignored, the rep's focus would not have applied).
  await good.page.evaluate(() => (window.replies = []));
  await send(good.page, b.origin, { type: "spi:data", version: 1, data: sample, fokus: { owner: "rep-3" } });
  await good.page.waitForFunction(() => window.replies.some((r) => r.data.type === "spi:error"));
  const misspelled = (await good.page.evaluate(() => window.replies)).find((r) => r.data.type === "spi:error").data.error;
  assert.deepEqual([misspelled.code, misspelled.path], ["invalid_message", "fokus"]);
  assert.equal(await good.frame.textContent("#side-title"), "rep-3", "the shown rep stays");

  // One page of a Salesforce query (2 of its 5 records, `done: false`): the figures are shown,
  // and so is that they count part of the result; the reply names the flag for the host.
  const record = (id, stage, won) => ({ attributes: { type: "Opportunity" }, Id: id, StageName: stage, IsWon: won, IsClosed: true,
    Amount: 100, CloseDate: "2024-03-01", CreatedDate: "2024-01-05T10:00:00.000+0000", OwnerId: "005X" });
  const page1 = { totalSize: 5, done: false, nextRecordsUrl: "/services/data/v59.0/query/01gXX-2000",
    records: [record("006A", "Closed Won", true), record("006B", "Closed Lost", false)] };
  await good.page.evaluate(() => (window.replies = []));
  await send(good.page, b.origin, { type: "spi:data", version: 1, data: page1 });
  await good.page.waitForFunction(() => window.replies.length > 0, null, { timeout: 60_000 });
  const partial = (await good.page.evaluate(() => window.replies))[0].data;
  assert.equal(partial.type, "spi:rendered", JSON.stringify(partial));
  assert.deepEqual([partial.summary.deals, partial.summary.flags], [2, ["partial_response"]]);
  await good.frame.waitForSelector("#side-flags:not([hidden])");
  assert.match(await good.frame.textContent('#side-flags li[data-code="partial_response"]'), /One page of a longer API response \(salesforce_api\): the other pages are missing/);
  await (await good.page.$("#spi")).screenshot({ path: join(RESULTS, "sidebar-partial.png") });

  const el = await good.page.$("#spi");
  await el.screenshot({ path: join(RESULTS, "sidebar.png") });
  assert.deepEqual(foreign(b.requests, [b.origin, goodHost, otherHost]), []);
  assert.deepEqual(b.problems, []);
});
