// CRM strings are untrusted: a deal, an owner, a lost reason and a stage named
// `<img src=x onerror=alert(1)>`, loaded via the file input or a host's postMessage, render as text. Any dialog, page error, console error
// or CSP violation fails the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, ready, foreign } from "./browser.mjs";

const EVIL = "<img src=x onerror=alert(1)>";

function dataset() {
  const deal = (i, status) => ({
    id: i === 0 ? EVIL : `D-${i}`,
    name: EVIL,
    owner: i % 2 ? EVIL : "rep-a",
    segment: EVIL,
    amount: 1000 + i,
    createdAt: "2026-09-01",
    closedAt: status === "open" ? null : "2026-10-15",
    expectedCloseAt: "2026-10-20",
    // D-4 is lost from a hostile open stage it kept (no history): the lost panel names it.
    stage: i === 4 ? EVIL : status === "won" ? "closed_won" : status === "lost" ? "closed_lost" : "proposal",
    status,
    // The lost deals: D-1 to a hostile reason, D-4 to "Price"; D-0 (won) carries one too, which
    // is a warning, never a reason.
    lostReason: i === 1 || i === 0 ? EVIL : i === 4 ? "Price" : null,
  });
  const statuses = ["won", "lost", "won", "open", "lost", "won"];
  return { settings: { asOf: "2026-11-01", currency: "USD" }, deals: statuses.map((s, i) => deal(i, s)) };
}

async function assertText(page) {
  await page.selectOption("#groupBy", "owner");
  await ready(page);
  const groups = await page.locator("#groups-table tbody th").allTextContents();
  assert.ok(groups.includes(EVIL), `the owner is shown as text: ${groups}`);
  assert.equal(await page.locator("#groups img, #cards img, #actions img, #lost img, #views img, #drill img").count(), 0);
  const reasons = await page.locator("#lost .lost-name").allTextContents();
  assert.deepEqual(reasons.sort(), [EVIL, "Price"].sort(), "the lost reasons are shown as text");
  const stages = await page.locator("#lost .lost-stage").allTextContents();
  assert.ok(stages.includes(EVIL), `the stage lost from is shown as text: ${stages}`);
  // The manager views: the owner heads a waterfall row and is a rep of the scorecard, as text.
  const heads = await page.locator("#flow-view .flow-block h3").allTextContents();
  assert.ok(heads.includes(EVIL), `the owner heads a waterfall row: ${heads}`);
  await page.waitForSelector('#scorecard-view[data-ready="true"]');
  await page.selectOption("#rep", EVIL);
  assert.equal(await page.textContent("#scorecard-view .scorecard thead th:nth-child(2)"), EVIL);
  // A deal named by the hostile id: rep-a's won term lists it, with its amounts, as text.
  await page.click('#flow-view .flow-block[data-group="rep-a"] .flow-term[data-term="won"]');
  await page.waitForSelector('#drill[data-ready="true"]');
  const moved = await page.locator("#drill table.moves tbody th").allTextContents();
  assert.ok(moved.includes(EVIL), `the deal is listed as text: ${moved}`);
  assert.equal(await page.locator("#views img, #drill img").count(), 0);
  await page.keyboard.press("Escape");
}

test("a hostile deal and owner name render as text (file input and postMessage)", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  await page.setInputFiles("#files", { name: "evil.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(dataset())) });
  await ready(page);
  await assertText(page);

  // The same data from a host: a same-origin window (the allow-list's default) posts it.
  const reply = await page.evaluate((data) => new Promise((resolve) => {
    window.addEventListener("message", (e) => e.data?.type?.startsWith("spi:r") && resolve(e.data));
    window.postMessage({ type: "spi:data", version: 1, data }, location.origin);
  }), dataset());
  assert.equal(reply.type, "spi:rendered", JSON.stringify(reply));
  await ready(page);
  await assertText(page);
  await page.click('.card[data-indicator="win_rate"] .value');
  await page.waitForSelector('#drill[data-ready="true"]');
  const ids = await page.locator("#drill .id-list li").allTextContents();
  assert.ok(ids.includes(EVIL), `the id is listed as text: ${ids}`);
  await page.keyboard.press("Escape");

  // The hostile reason's bar drills to its one deal, D-1 (D-0 is won: its reason was dropped).
  await page.locator("#lost .lost-row", { hasText: "onerror" }).click();
  await page.waitForSelector('#drill[data-ready="true"]');
  assert.equal(await page.locator("#drill-title").textContent(), `Lost to “${EVIL}”`);
  assert.deepEqual(await page.locator("#drill .ids").first().locator(".id-list li").allTextContents(), ["D-1"]);
  assert.equal(await page.locator("#drill img").count(), 0);

  await page.waitForTimeout(300);
  assert.deepEqual(b.dialogs, [], "a dialog opened: injected script ran");
  assert.deepEqual(b.problems, []);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
  assert.ok(!b.requests.some((r) => r.endsWith("/x")), "the injected <img> never loaded");
});
