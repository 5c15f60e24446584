// A real Salesforce API-field export dropped on the page with no mapping: the page says what it
// read (or refuses it loudly), never a quiet report of dashes; the column mapper then fixes the
// columns, the cards show the numbers a hand count gives, and the mapping downloaded from the page
// gives the same numbers through the CLI's --mapping.
//
// The file: ../shared/data/real/sfdc-assets-data-cloud-workshop/Opportunity.csv (50 opportunities,
// one OwnerId, every CreatedDate 2024-01-22T16:14:25.000+0000). Counted with Python's csv module
// from IsWon / IsClosed / StageName (the three agree on every row):
//   won  (IsWon=1, StageName "Closed Won"):               12, amounts sum 10,542,562.98
//   lost (IsClosed=1, IsWon empty, StageName "Closed Lost"): 3, amounts sum  3,058,912.50
//   open (IsClosed empty):                                35
//   closed deals' CloseDate: 2023-02-02 .. 2023-11-27, so the year 2023 holds all 15.
// Hence for 2023: win rate 12/15 = 80.0%, win rate by value 10,542,562.98 / 13,601,475.48 = 77.5%,
// average deal size 10,542,562.98 / 12 = $878,547.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, foreign, RESULTS } from "./browser.mjs";
import { root, spiBinary } from "../js/helpers.mjs";

const FILE = join(root, "../shared/data/real/sfdc-assets-data-cloud-workshop/Opportunity.csv");
const NAME = "Opportunity.csv";
const FIX = {
  stage: "StageName",
  closedAt: "CloseDate",
  createdAt: "CreatedDate",
  amount: "Amount",
  owner: "OwnerId",
  won: "IsWon",
  closed: "IsClosed",
};
// The first five StageName / CloseDate / Amount values, read with Python's csv module.
const FIRST_FIVE = [
  ["Qualification", "2024-11-10", "1124741.15"],
  ["Closed Won", "2023-06-17", "1651993.36"],
  ["Closed Won", "2023-11-12", "1442558.88"],
  ["Negotiation", "2024-07-03", "328515.27"],
  ["Discovery", "2023-12-13", "677058.58"],
];

/** Waits for the load after the `after`-th to end and the page to settle: "true" (a report) or
 * "error" (a refusal). */
async function settled(page, after) {
  await page.waitForFunction(
    (n) => Number(document.body.dataset.loads ?? 0) > n && ["true", "error"].includes(document.body.dataset.ready) &&
      !document.body.dataset.busy,
    after,
    { timeout: 60_000 },
  );
  return page.evaluate(() => document.body.dataset.ready);
}

const loads = (page) => page.evaluate(() => Number(document.body.dataset.loads ?? 0));
const generation = (page) => page.evaluate(() => Number(document.body.dataset.generation ?? 0));
const card = (page, id) => page.textContent(`.card[data-indicator="${id}"] .value`);

// The shared real exports sit beside the repository; a checkout without them skips, saying so.
test("a Salesforce API export: the panel says what was read, the mapper fixes it, the cards match a hand count", { skip: !existsSync(FILE) && `${FILE} is absent` }, async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  await page.setInputFiles("#files", { name: NAME, mimeType: "text/csv", buffer: readFileSync(FILE) });
  const state = await settled(page, 0);

  if (state === "error") {
    // Refused (an engine that detects by evidence and refuses what it cannot use): loudly, with
    // the file, the code and the message, no report left on screen, and the mapper open.
    const alert = await page.textContent("#error");
    assert.match(alert, /Opportunity\.csv was refused/);
    assert.ok((await page.textContent("#error .code")).length > 0);
    assert.ok(await page.locator("#report").isHidden(), "no report looks current after a refusal");
  } else {
    // Read: the panel lists the file, its format, how it was read and its 50 records; whatever it
    // read, a report whose cards are dashes goes with a flag saying why.
    const panel = page.locator('#sources details[data-source="Opportunity.csv"]');
    const summary = await panel.locator("summary").textContent();
    assert.match(summary, /Opportunity\.csv · csv · preset \w+ \((detected|given)/);
    assert.match(summary, /50 deals/);
    const flags = await page.locator("#sources .read-flags li, #sources .source-flags li, #sources .period-flags li").allTextContents();
    const win = await card(page, "win_rate");
    if (win === "–") assert.ok(flags.length > 0, "dashes on the cards with no word in the panel");
    // Dashes because the period (this year, 2024) holds none of the 15 closes: the hint names
    // where they are (2023-02-02 .. 2023-11-27, by hand), not the one creation date 2024-01-22.
    if (win === "–" && !/preset canonical/.test(summary)) {
      assert.ok(flags.some((f) => /deals close from 2023-02-02 to 2023-11-27/.test(f)), flags.join(" | "));
      assert.match(await page.textContent("#sources .read-totals"), /dates 2023-02-02 to 2024-01-22;/);
    }
    // Today's detection (canonical) reads no owner and no date: both are said.
    if (/preset canonical/.test(summary)) {
      assert.ok(flags.some((f) => /no owner was read/.test(f)), flags.join(" | "));
      assert.ok(flags.some((f) => /No creation date was read|1970/.test(f)), flags.join(" | "));
    }
    await page.screenshot({ path: join(RESULTS, "read-panel-dropped.png"), fullPage: true });
    // A file read without a problem is listed folded: open it to reach its mapper button.
    await panel.evaluate((d) => (d.open = true));
    await panel.locator(".map-open").click();
  }

  // The mapper: the file's own header in every select, a preview of the first 5 rows.
  const mapper = page.locator('#mapper form.mapper[data-file="Opportunity.csv"]');
  await mapper.waitFor();
  const options = await page.locator("#map-stage option").allTextContents();
  assert.equal(options.length, 1 + 35, "not read + the 35 columns of the header");
  assert.equal(options[1], "Id", "the BOM is not part of the first column's name");
  assert.ok(options.includes("Product__c"));
  await page.selectOption("#map-kind", "deals");
  for (const [field, column] of Object.entries(FIX)) await page.selectOption(`#map-${field}`, column);
  const head = await mapper.locator(".preview thead th").allTextContents();
  const at = (field) => head.indexOf(`${field} ← ${FIX[field]}`);
  assert.ok(at("stage") >= 0 && at("closedAt") >= 0 && at("amount") >= 0, head.join(" | "));
  const rows = await mapper.locator(".preview tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => [r[at("stage")], r[at("closedAt")], r[at("amount")]]), FIRST_FIVE);
  await page.screenshot({ path: join(RESULTS, "read-panel-mapper.png"), fullPage: true });

  // The mapping as a download (a Blob URL, no request), in the shape --mapping reads.
  const [saved] = await Promise.all([page.waitForEvent("download"), mapper.locator("button", { hasText: "Download the mapping" }).click()]);
  assert.equal(saved.suggestedFilename(), "Opportunity.mapping.json");
  const mapping = JSON.parse(readFileSync(await saved.path(), "utf8"));
  assert.equal(mapping.kind, "deals");
  for (const [field, column] of Object.entries(FIX)) assert.equal(mapping.fields[field], column, field);

  // Apply: the files are read again with the mapping and the report computed again.
  const before = await loads(page);
  await mapper.locator("button[type=submit]").click();
  assert.equal(await settled(page, before), "true", await page.textContent("#error"));
  const read = page.locator('#sources details[data-source="Opportunity.csv"]');
  for (const [field, column] of Object.entries(FIX)) {
    assert.equal(await read.locator(`tr[data-field="${field}"] td`).first().textContent(), column, field);
  }
  assert.equal(await page.locator("#sources .read-flags li").count(), 0, await page.textContent("#sources"));
  assert.match(await page.textContent("#sources .read-totals"), /50 deals, .*1 owner;/);
  assert.ok(await page.locator("#report").isVisible());

  // The year 2023 holds every closed deal: the cards give the hand count.
  let g = await generation(page);
  await page.selectOption("#period", "custom");
  await page.fill("#from", "2023-01-01");
  await page.fill("#to", "2023-12-31");
  await page.locator("#to").blur();
  await page.waitForFunction((g0) => Number(document.body.dataset.generation) > g0 && document.body.dataset.query.includes('"from":"2023-01-01"') && document.body.dataset.query.includes('"to":"2024-01-01"'), g, { timeout: 60_000 });
  await ready(page, { generation: g });
  assert.equal(await card(page, "win_rate"), "80.0%");
  assert.equal(await card(page, "win_rate_by_value"), "77.5%");
  assert.equal(await card(page, "average_deal_size"), "$878,547");
  await page.click('.card[data-indicator="win_rate"] .value');
  await page.waitForSelector('#drill[data-ready="true"]');
  assert.equal(await page.textContent("#drill-numerator"), "12");
  assert.equal(await page.textContent("#drill-denominator"), "15");
  await page.keyboard.press("Escape");
  await page.screenshot({ path: join(RESULTS, "read-panel-fixed.png"), fullPage: true });

  // The downloaded mapping, given to the CLI next time, reads the same numbers.
  const mappingPath = join(b.profile, "mapping.json");
  const queryPath = join(b.profile, "query.json");
  writeFileSync(mappingPath, JSON.stringify(mapping));
  writeFileSync(queryPath, JSON.stringify({ from: "2023-01-01", to: "2024-01-01" }));
  const cli = JSON.parse(execFileSync(spiBinary(), ["report", "--data", FILE, "--mapping", mappingPath, "--query", queryPath], { cwd: root, stdio: ["ignore", "pipe", "pipe"] }));
  const value = (id) => cli.indicators.find((i) => i.id === id);
  assert.deepEqual([value("win_rate").numerator, value("win_rate").denominator], [12, 15]);
  assert.ok(Math.abs(value("average_deal_size").value - 10_542_562.98 / 12) < 0.005, String(value("average_deal_size").value));

  assert.deepEqual(foreign(b.requests, [b.origin]), []);
  assert.deepEqual(b.problems, []);
  assert.deepEqual(b.dialogs, []);
});

// A file no preset knows (semicolons, a BOM, quoted names) dropped after the sample: refused
// loudly, the sample's report hidden, the mapper open on the file's own header; mapped, it reads.
// Hand count of the rows below: closed in March 2026: D1 won 1,000, D2 lost 3,000, D3 won 500
// (the fourth is open): win rate 2/3 = 66.7%, average deal size (1,000 + 500) / 2 = $750.
const ODD = [
  '\uFEFF"Deal #";"Rep; name";"Value";"Opened";"Finished on";"Result"',
  'D1;"Ann ""A"" Lee";1000;2026-01-05;2026-03-02;Won',
  'D2;Bo;3000;2026-01-10;2026-03-09;Lost',
  'D3;"Ann ""A"" Lee";500;2026-02-01;2026-03-20;won',
  'D4;Bo;700;2026-02-11;;Open',
  "",
].join("\r\n");

test("a file no preset knows is refused loudly, then read through the mapper (and the page fits 360 px)", async (t) => {
  const b = await openBrowser(t, { viewport: { width: 360, height: 800 } });
  const page = await b.newPage();
  await page.goto(b.url);
  assert.equal(await settled(page, 0), "true");
  assert.ok(await page.locator("#report").isVisible());

  await page.setInputFiles("#files", { name: "deals-export.csv", mimeType: "text/csv", buffer: Buffer.from(ODD) });
  assert.equal(await settled(page, 1), "error");
  assert.match(await page.textContent("#error .refused-title"), /^deals-export\.csv was refused/);
  assert.ok((await page.textContent("#error .code")).length > 0);
  assert.ok((await page.textContent("#error .message")).length > 0);
  assert.ok(await page.locator("#report").isHidden(), "the sample's report is not left on screen");

  const mapper = page.locator('#mapper form.mapper[data-file="deals-export.csv"]');
  await mapper.waitFor();
  assert.deepEqual(await page.locator("#map-id option").allTextContents(), ["— not read —", "Deal #", "Rep; name", "Value", "Opened", "Finished on", "Result"]);
  const fields = { id: "Deal #", owner: "Rep; name", amount: "Value", createdAt: "Opened", closedAt: "Finished on", status: "Result" };
  for (const [field, column] of Object.entries(fields)) await page.selectOption(`#map-${field}`, column);
  const rows = await mapper.locator(".preview tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 4);
  assert.ok(rows[0].includes('Ann "A" Lee'), rows[0].join(" | "));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);
  await page.screenshot({ path: join(RESULTS, "read-panel-refused-360.png"), fullPage: true });

  await mapper.locator("button[type=submit]").click();
  assert.equal(await settled(page, 2), "true", await page.textContent("#error"));
  assert.ok(await page.locator("#error").isHidden());
  assert.match(await page.textContent("#sources .read-totals"), /4 deals, .*2 owners/);
  const g = await generation(page);
  await page.selectOption("#period", "custom");
  await page.fill("#from", "2026-03-01");
  await page.fill("#to", "2026-03-31");
  await page.locator("#to").blur();
  await page.waitForFunction((g0) => Number(document.body.dataset.generation) > g0 && document.body.dataset.query.includes('"to":"2026-04-01"'), g, { timeout: 60_000 });
  await ready(page, { generation: g });
  assert.equal(await card(page, "win_rate"), "66.7%");
  assert.equal(await card(page, "average_deal_size"), "$750");
  assert.deepEqual(b.problems, []);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});

test("hostile file names, column names and cells show as text in the panel, the refusal and the mapper", async (t) => {
  const EVIL = "<img src=x onerror=alert(1)>";
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  const csv = `"${EVIL}",other\n"${EVIL}",1\n`;
  await page.setInputFiles("#files", { name: `${EVIL}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await settled(page, 0);
  const mapper = page.locator("#mapper form.mapper");
  await mapper.waitFor();
  await page.selectOption("#map-id", EVIL);
  assert.ok((await mapper.locator(".preview").textContent()).includes(EVIL));
  assert.ok((await page.textContent("#read")).includes(EVIL));
  assert.equal(await page.locator("#read img, #error img").count(), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(b.dialogs, [], "a dialog opened: injected script ran");
  assert.deepEqual(b.problems, []);
  assert.ok(!b.requests.some((r) => r.endsWith("/x")), "the injected <img> never loaded");
});

// Two open deals and no closed one: no period would give a win rate, so the flag says so instead
// of "pick another period".
test("a file with no closed deal says that no period will help", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  const csv = "id,stage,amount,createdAt,owner\nd1,Prospecting,10,2024-01-02,ann\nd2,Prospecting,20,2024-01-03,bo\n";
  await page.setInputFiles("#files", { name: "open.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  assert.equal(await settled(page, 0), "true", await page.textContent("#error"));
  assert.equal(await card(page, "win_rate"), "–");
  const flags = await page.locator("#sources .period-flags li").allTextContents();
  assert.equal(flags.length, 1, flags.join(" | "));
  assert.match(flags[0], /No deal in the data is closed \(won or lost\)/);
  assert.doesNotMatch(flags[0], /Pick a period/);
  // Two deals closed but the close date in a column no preset reads: said as it is.
  const undated = "id,status,amount,createdAt,owner,Closing\nd1,won,10,2024-01-02,ann,2024-02-01\nd2,lost,5,2024-01-03,ann,2024-02-02\n";
  await page.setInputFiles("#files", { name: "undated.csv", mimeType: "text/csv", buffer: Buffer.from(undated) });
  assert.equal(await settled(page, 1), "true", await page.textContent("#error"));
  const again = await page.locator("#sources .period-flags li").allTextContents();
  assert.match(again.join(" | "), /2 deals are closed but none has a close date/);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});

// A single JSON file is streamed into the engine: its name must still reach the read panel (it
// said "source 1" when the stream went in unnamed), with the flag that it is one page of more.
test("one dropped API-response page: the panel names the file and says the other pages are missing", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  const json = readFileSync(join(root, "tests/fixtures/csv/salesforce_api.json"), "utf8")
    .replace('"done": true', '"done": false, "nextRecordsUrl": "/services/data/v59.0/query/01g-2000"')
    .replace('"totalSize": 4', '"totalSize": 12');
  await page.setInputFiles("#files", { name: "Opportunity-1.json", mimeType: "application/json", buffer: Buffer.from(json) });
  assert.equal(await settled(page, 0), "true", await page.textContent("#error"));
  const panel = page.locator("#sources details.source");
  assert.equal(await panel.count(), 1);
  assert.equal(await panel.getAttribute("data-source"), "Opportunity-1.json");
  assert.match(await panel.locator("summary").textContent(), /^Opportunity-1\.json · api/);
  const flags = await panel.locator(".source-flags li").allTextContents();
  assert.ok(flags.includes("one page of a longer response: the other pages are missing"), flags.join(" | "));
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});
