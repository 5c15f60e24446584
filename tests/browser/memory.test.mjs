// "Keep this data on this device": nothing is stored before the user ticks it; after Keep and a
// reload the same report comes back (the file, and the settings the user applied) with no new
// drop; after "Forget this data" (and a reload) the browser's storage holds nothing (IndexedDB
// databases, OPFS entries, localStorage, sessionStorage, Cache Storage all enumerated); a storage
// failure (quota, no IndexedDB) is an alert, never silent. Each test has its own fresh profile.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openBrowser, ready, foreign, RESULTS } from "./browser.mjs";
import { FIXTURE, FILE } from "./team-fixture.mjs";

const card = (page, id) => page.textContent(`.card[data-indicator="${id}"] .value`);
const cards = async (page) => ({
  win: await card(page, "win_rate"),
  byValue: await card(page, "win_rate_by_value"),
  size: await card(page, "average_deal_size"),
  cycle: await card(page, "sales_cycle_days"),
});

/** Everything this origin holds in the browser's storage, enumerated. */
function storage(page) {
  return page.evaluate(async () => {
    const opfs = [];
    const root = await navigator.storage.getDirectory();
    for await (const name of root.keys()) opfs.push(name);
    return {
      indexedDB: (await indexedDB.databases()).map((d) => d.name),
      opfs,
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      caches: await caches.keys(),
    };
  });
}
const EMPTY = { indexedDB: [], opfs: [], localStorage: 0, sessionStorage: 0, caches: [] };

test("Keep restores the same report after a reload; Forget leaves nothing in storage", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#keep-status")?.textContent);
  assert.equal(await page.isDisabled("#keep-data"), true, "nothing loaded: nothing to keep");
  await page.setInputFiles("#files", FILE);
  await ready(page);
  assert.deepEqual(await cards(page), { win: "60.0%", byValue: "70.6%", size: "$2,000", cycle: "44.0 d" });

  // The user's settings: amounts in euros (the file says USD).
  const g = Number(await page.evaluate(() => document.body.dataset.generation));
  await page.click("#settings-panel summary");
  await page.fill("#set-currency", "EUR");
  await page.click("#settings button[type=submit]");
  await ready(page, { generation: g });
  const before = await cards(page);
  assert.deepEqual(before, { win: "60.0%", byValue: "70.6%", size: "€2,000", cycle: "44.0 d" });
  assert.deepEqual(await storage(page), EMPTY, "nothing is stored before the user ticks Keep");

  await page.check("#keep-data");
  await page.waitForFunction(() => /^Kept on this device, saved /.test(document.querySelector("#keep-status").textContent));
  const kept = await storage(page);
  assert.deepEqual(kept.indexedDB, ["spi-wasm-kept"]);
  const savedAt = await page.getAttribute("#keep-status", "data-saved-at");
  assert.ok(Date.parse(savedAt) > Date.now() - 60_000, savedAt);

  // Reopening the page (no ?nosample: the kept data wins over the sample) needs no new drop.
  await page.goto(b.url);
  await ready(page);
  assert.match(await page.textContent("#keep-status"), /^Restored from this device, saved \w{3} \d{1,2}, \d{4}/);
  assert.equal(await page.getAttribute("#keep-status", "data-saved-at"), savedAt, "the instant of the Keep, not of the restore");
  assert.match(await page.textContent("#status"), /^team-deals\.json: 6 deals, 0 leads, 2 owners, as of 2026-11-01\./);
  assert.deepEqual(await cards(page), before, "the same report, settings included");
  assert.equal(await page.isChecked("#keep-data"), true);
  assert.equal(await page.inputValue("#set-currency"), "EUR");
  await page.screenshot({ path: join(RESULTS, "memory-restored-1280.png") });

  await page.click("#forget-data");
  await page.waitForFunction(() => /^Forgotten/.test(document.querySelector("#keep-status").textContent));
  assert.equal(await page.isChecked("#keep-data"), false);
  assert.equal(await page.isHidden("#forget-data"), true);
  assert.deepEqual(await storage(page), EMPTY, "after Forget");

  // A reload restores nothing, and looking for kept data does not create a database.
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#keep-status")?.textContent);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.body.dataset.loads), undefined, "no load after Forget");
  assert.match(await page.textContent("#keep-status"), /^Only loaded files can be kept/);
  assert.deepEqual(await storage(page), EMPTY, "after Forget and a reload");

  assert.deepEqual(foreign(b.requests, [b.origin]), []);
  assert.deepEqual(b.problems, []);
  assert.deepEqual(b.dialogs, []);
});

test("unticking Keep forgets too; a new drop is not kept without a new tick", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.setInputFiles("#files", FILE);
  await ready(page);
  await page.check("#keep-data");
  await page.waitForFunction(() => /^Kept on this device/.test(document.querySelector("#keep-status").textContent));

  // Another file: shown, not kept; the kept one stays until forgotten.
  const other = { ...FIXTURE, deals: FIXTURE.deals.slice(0, 2) };
  await page.setInputFiles("#files", { name: "two.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(other)) });
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("two.json"));
  await ready(page);
  assert.equal(await page.isChecked("#keep-data"), false);
  assert.match(await page.textContent("#keep-status"), /^Kept on this device: team-deals\.json, saved .* \(not the data shown\)/);
  await page.goto(b.url);
  await ready(page);
  assert.match(await page.textContent("#status"), /^team-deals\.json: 6 deals/, "the kept file, not the later drop");

  await page.uncheck("#keep-data");
  await page.waitForFunction(() => /^Forgotten/.test(document.querySelector("#keep-status").textContent));
  assert.deepEqual(await storage(page), EMPTY);
  assert.deepEqual(b.problems, []);
});

test("a full quota is an alert, and leaves nothing behind", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  const cdp = await b.context.newCDPSession(page);
  await page.goto(`${b.url}?nosample`);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: b.origin, quotaSize: 1 });
  await page.setInputFiles("#files", FILE);
  await ready(page);
  // (A refusal may come before a check() could see the box ticked.)
  await page.click("#keep-data");
  await page.waitForSelector("#keep-error:not([hidden])");
  assert.match(await page.textContent("#keep-error"), /^Could not keep the data on this device: .*quota.* Nothing new was kept\.$/);
  assert.equal(await page.isChecked("#keep-data"), false);
  assert.equal(await page.isHidden("#forget-data"), true);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: b.origin });
  assert.deepEqual(await storage(page), EMPTY);
  await page.screenshot({ path: join(RESULTS, "memory-quota-1280.png") });
});

test("a browser without IndexedDB here (private mode): the page works, Keep alerts", async (t) => {
  const b = await openBrowser(t, { viewport: { width: 360, height: 800 } });
  await b.context.addInitScript(() => Object.defineProperty(window, "indexedDB", { value: undefined }));
  const page = await b.newPage();
  await page.goto(b.url);
  await ready(page);
  assert.match(await page.textContent("#status"), /^Sample dataset: 2,000 deals/);
  await page.setInputFiles("#files", FILE);
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("team-deals.json"));
  await ready(page);
  // (The refusal is at once: the box unticks before a check() could see it ticked.)
  await page.click("#keep-data");
  await page.waitForSelector("#keep-error:not([hidden])");
  assert.match(await page.textContent("#keep-error"), /^Could not keep the data on this device: this browser has no IndexedDB here/);
  assert.equal(await page.isChecked("#keep-data"), false);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);
  await page.screenshot({ path: join(RESULTS, "memory-no-storage-360.png") });
  assert.deepEqual(b.problems, []);
});

// A CSV no preset knows, read through the column mapper, then kept: the reload reads it with the
// same mapping, no mapper and no drop, and the bookmarked custom period applies to it.
// Hand count (as in read-panel.test.mjs): closed in March 2026: D1 won 1,000, D2 lost 3,000,
// D3 won 500 (D4 is open): win rate 2/3 = 66.7%, average deal size (1,000 + 500) / 2 = $750.
const ODD = [
  '"Deal #";"Rep; name";"Value";"Opened";"Finished on";"Result"',
  'D1;"Ann ""A"" Lee";1000;2026-01-05;2026-03-02;Won',
  "D2;Bo;3000;2026-01-10;2026-03-09;Lost",
  'D3;"Ann ""A"" Lee";500;2026-02-01;2026-03-20;won',
  "D4;Bo;700;2026-02-11;;Open",
  "",
].join("\r\n");

test("a mapped CSV is kept with its mapping, and a bookmarked view applies to the restored data", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.setInputFiles("#files", { name: "deals-export.csv", mimeType: "text/csv", buffer: Buffer.from(ODD) });
  const mapper = page.locator('#mapper form.mapper[data-file="deals-export.csv"]');
  await mapper.waitFor();
  assert.equal(await page.isDisabled("#keep-data"), true, "a refused file is not offered for keeping");
  const fields = { id: "Deal #", owner: "Rep; name", amount: "Value", createdAt: "Opened", closedAt: "Finished on", status: "Result" };
  for (const [field, column] of Object.entries(fields)) await page.selectOption(`#map-${field}`, column);
  await mapper.locator("button[type=submit]").click();
  await page.waitForFunction(() => document.body.dataset.loads === "2");
  await ready(page);
  await page.check("#keep-data");
  await page.waitForFunction(() => /^Kept on this device/.test(document.querySelector("#keep-status").textContent));

  await page.goto("about:blank"); // (the same URL with another hash would not reload the page)
  await page.goto(`${b.url}?nosample#period=custom&from=2026-03-01&to=2026-03-31&group=owner`);
  await ready(page);
  assert.equal(await page.evaluate(() => document.body.dataset.loads), "1", "read at once with the kept mapping");
  assert.match(await page.textContent("#keep-status"), /^Restored from this device/);
  assert.match(await page.textContent("#sources .read-totals"), /4 deals, .*2 owners/);
  const q = JSON.parse(await page.evaluate(() => document.body.dataset.query));
  assert.equal(q.from, "2026-03-01");
  assert.equal(q.to, "2026-04-01");
  assert.equal(await card(page, "win_rate"), "66.7%");
  assert.equal(await card(page, "average_deal_size"), "$750");
  assert.deepEqual((await page.locator("#groups-table tbody th").allTextContents()).sort(), ['Ann "A" Lee', "Bo"]);

  await page.click("#forget-data");
  await page.waitForFunction(() => /^Forgotten/.test(document.querySelector("#keep-status").textContent));
  assert.deepEqual(await storage(page), EMPTY);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
  assert.deepEqual(b.problems, []);
});
