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
