// A host sends the report page data with a query (docs/page.md, the postMessage protocol): the
// page's controls take the query's period, cadence and grouping, the report is computed with them
// (the win rate counted by hand on the real export), the view lands in the hash; a query the
// controls cannot show is refused whole, before anything is loaded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, foreign } from "./browser.mjs";
import { root } from "../js/helpers.mjs";

const FILE = join(root, "../shared/data/real/sfdc-assets-data-cloud-workshop/Opportunity.csv");

/** Posts `message` as a same-origin host (the allow-list's default) and resolves with the reply. */
const post = (page, message) => page.evaluate((m) => new Promise((resolve) => {
  window.addEventListener("message", (e) => e.data?.type?.match(/^spi:(rendered|error)$/) && resolve(e.data));
  window.postMessage(m, location.origin);
}), message);

test("a host's query sets the report page's period, cadence and grouping", { skip: !existsSync(FILE) && `${FILE} is absent` }, async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  const csv = readFileSync(FILE, "utf8");
  // 2023: 12 won of the 15 deals closed (IsWon, IsClosed by Python's csv module): 80.0%.
  const reply = await post(page, { type: "spi:data", version: 1, csv, query: { from: "2023-01-01", to: "2024-01-01", cadence: "month", groupBy: ["owner"] } });
  assert.equal(reply.type, "spi:rendered", JSON.stringify(reply));
  await ready(page);
  const query = JSON.parse(await page.evaluate(() => document.body.dataset.query));
  assert.deepEqual([query.from, query.to, query.cadence, query.groupBy], ["2023-01-01", "2024-01-01", "month", ["owner"]]);
  assert.equal(await page.textContent('.card[data-indicator="win_rate"] .value'), "80.0%");
  assert.deepEqual(await page.evaluate(() => ["period", "from", "to", "groupBy"].map((id) => document.getElementById(id).value)),
    ["custom", "2023-01-01", "2023-12-31", "owner"]);
  assert.equal(await page.isVisible("#from"), true, "the custom period's pickers show");
  assert.match(await page.evaluate(() => location.hash), /period=custom&from=2023-01-01&to=2023-12-31&cadence=month&group=owner/);

  // A filter is not a control of the page: refused at its path, nothing loaded, the view kept.
  const loads = await page.evaluate(() => document.body.dataset.loads);
  const refused = await post(page, { type: "spi:data", version: 1, csv, query: { from: "2023-01-01", to: "2024-01-01", filters: { owner: ["x"] } } });
  assert.equal(refused.type, "spi:error");
  assert.deepEqual([refused.error.code, refused.error.path], ["invalid_message", "query.filters"]);
  assert.equal(await page.evaluate(() => document.body.dataset.loads), loads);
  assert.equal(await page.textContent('.card[data-indicator="win_rate"] .value'), "80.0%");
  assert.deepEqual(b.problems, []);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});
