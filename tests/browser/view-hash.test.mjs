// The view in the URL hash: a bookmarked hash applies (period, cadence, grouping, comparison,
// targets, open panels, cards in order); every change writes it back; no CRM string ever goes in
// it; values the page does not offer are ignored with a visible note, never a crash; the card
// picker works from the keyboard. Each test has its own fresh profile.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openBrowser, ready, foreign, RESULTS } from "./browser.mjs";
import { FILE, CRM_STRINGS } from "./team-fixture.mjs";

const query = async (page) => JSON.parse(await page.evaluate(() => document.body.dataset.query));
const generation = (page) => page.evaluate(() => Number(document.body.dataset.generation ?? 0));
const shownCards = (page) => page.locator("#cards .card").evaluateAll((els) => els.map((e) => e.dataset.indicator));
const hash = (page) => page.evaluate(() => location.hash);

/** The core set written out by hand (docs/page.md): the default cards, in order. */
const CORE = ["win_rate", "win_rate_by_value", "average_deal_size", "sales_cycle_days", "pipeline_created",
  "quota_attainment", "pipeline_coverage", "pipeline_velocity"];

test("a bookmarked hash applies: period, cadence, grouping, comparison, targets, panels, cards", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}#v=1&period=last_90&cadence=month&group=segment&compare=0&targets=win_rate:99:,average_deal_size::5000&panels=targets,cards&cards=average_deal_size,win_rate`);
  // The targets need the indicators' units (the first report): the second report carries them.
  await page.waitForFunction(() => document.body.dataset.ready === "true" && JSON.parse(document.body.dataset.query).targets.win_rate, null, { timeout: 60_000 });
  await ready(page);
  const q = await query(page);
  assert.equal(q.cadence, "month");
  assert.deepEqual(q.groupBy, ["segment"]);
  assert.equal(q.compare, null);
  assert.deepEqual(q.targets, { win_rate: { min: 0.99, max: null }, average_deal_size: { min: null, max: 5000 } });
  assert.equal(await page.inputValue("#period"), "last_90");
  assert.equal(q.to, null, "last 90 days run to asOf");
  assert.deepEqual(await shownCards(page), ["average_deal_size", "win_rate"]);
  assert.equal(await page.evaluate(() => document.querySelector("#controls details.targets").open), true);
  assert.equal(await page.evaluate(() => document.getElementById("card-picker").open), true);
  assert.equal(await page.evaluate(() => document.querySelector("details.health").open), false);
  assert.equal(await page.inputValue('[data-indicator="win_rate"] input[name="min"]'), "99");
  assert.equal(await page.isHidden("#view-note"), true, "a valid hash: no note");

  // A change writes the hash back (the rest of the view kept).
  const g = await generation(page);
  await page.selectOption("#cadence", "quarter");
  await ready(page, { generation: g });
  assert.equal(await hash(page),
    "#v=1&period=last_90&cadence=quarter&group=segment&compare=0&targets=win_rate:99:,average_deal_size::5000&panels=targets,cards&cards=average_deal_size,win_rate");
  await page.click("details.health summary");
  assert.match(await hash(page), /&panels=targets,health,cards&/);
  assert.deepEqual(b.problems, []);
});

test("the hash never holds a CRM string, whatever the user opens or picks", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.setInputFiles("#files", FILE);
  await ready(page);
  for (const group of ["owner", "segment", "source"]) {
    const g = await generation(page);
    await page.selectOption("#groupBy", group);
    await ready(page, { generation: g });
    // Open a segment's cell: the drill-down names CRM records, and must stay out of the URL.
    await page.locator("#groups-table tbody .cell").first().click();
    await page.waitForSelector('#drill[data-ready="true"]');
    await page.keyboard.press("Escape");
  }
  let g = await generation(page);
  await page.selectOption("#period", "custom");
  await page.fill("#from", "2026-10-01");
  await page.fill("#to", "2026-10-31");
  await page.locator("#to").blur();
  await ready(page, { generation: g });
  g = await generation(page);
  await page.click(".targets summary");
  await page.fill('[data-indicator="win_rate"] input[name="min"]', "55.5");
  await page.locator('[data-indicator="win_rate"] input[name="min"]').blur();
  await ready(page, { generation: g });
  await page.click("#settings-panel summary");
  await page.click("#card-picker summary");
  await page.uncheck("#pick-pipeline_coverage");
  await page.click('[aria-label="Move Deal aging up"]');

  const written = decodeURIComponent(await hash(page));
  assert.equal(written,
    "#v=1&period=custom&from=2026-10-01&to=2026-10-31&cadence=week&group=source&compare=1&targets=win_rate:55.5:&panels=targets,settings,cards" +
    "&cards=win_rate,win_rate_by_value,average_deal_size,sales_cycle_days,pipeline_created,quota_attainment,pipeline_velocity");
  for (const s of CRM_STRINGS) assert.ok(!written.includes(s), `${s} in ${written}`);
  assert.match(written, /^#[a-z0-9_=&:,.-]*$/, "only the page's own words");
  // The query the hash gave is the one on screen: 2026-10-01 to 2026-11-01 exclusive.
  const q = await query(page);
  assert.equal(q.from, "2026-10-01");
  assert.equal(q.to, "2026-11-01");
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
  assert.deepEqual(b.problems, []);
});

test("invalid hash values are ignored with a visible note, never a crash", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  const evil = encodeURIComponent("<img src=x onerror=alert(1)>");
  await page.goto(`${b.url}#period=bogus&cadence=${evil}&group=owner&compare=maybe&from=2026-13-45&targets=win_rate:abc:,nope:1:&panels=evil,health&cards=nope,win_rate,sales_cycle_days&zz=1`);
  await ready(page);
  await page.waitForFunction(() => /nope/.test(document.getElementById("view-note").textContent));
  const note = await page.textContent("#view-note");
  for (const part of [
    'Unknown view setting "zz": ignored.',
    'period "bogus" is not one the page offers: ignored.',
    'cadence "<img src=x onerror=alert(1)>" is not one the page offers: ignored.',
    'compare "maybe" is not one the page offers: ignored.',
    'from "2026-13-45" is not one the page offers: ignored.',
    'target "win_rate:abc:" is not "indicator:min:max" with numbers: ignored.',
    'panel "evil" is not one the page offers: ignored.',
    'target for "nope": no such indicator, ignored.',
    'card "nope": no such indicator, ignored.',
  ]) assert.ok(note.includes(part), `${part} in ${note}`);
  assert.equal(await page.locator("#view-note img").count(), 0);
  // What was valid applied; the rest kept the page's defaults.
  const q = await query(page);
  assert.deepEqual(q.groupBy, ["owner"]);
  assert.equal(q.cadence, "week");
  assert.equal(q.compare, "previous_period");
  assert.deepEqual(q.targets, {});
  assert.equal(await page.inputValue("#period"), "this_quarter");
  assert.deepEqual(await shownCards(page), ["win_rate", "sales_cycle_days"]);
  assert.equal(await page.evaluate(() => document.querySelector("details.health").open), true);
  await page.screenshot({ path: join(RESULTS, "view-note-1280.png") });

  // Editing the hash by hand applies it too; a valid one clears the note.
  const g = await generation(page);
  await page.evaluate(() => (location.hash = "#cadence=month"));
  await ready(page, { generation: g });
  assert.equal((await query(page)).cadence, "month");
  assert.equal(await page.isHidden("#view-note"), true);
  assert.deepEqual(await shownCards(page), CORE, "no cards in the hash: the core set");
  assert.deepEqual(b.dialogs, []);
  assert.deepEqual(b.problems, []);
});

test("the card picker: core set by default, keyboard only, order kept in the hash, 360 px", async (t) => {
  const b = await openBrowser(t, { viewport: { width: 360, height: 800 } });
  const page = await b.newPage();
  await page.goto(b.url);
  await ready(page);
  assert.deepEqual(await shownCards(page), CORE);
  assert.equal(await page.textContent("#card-picker summary"), "Choose cards (8 of 21 shown)");

  // Keyboard only: open the picker, untick "Win rate by value", move "Pipeline velocity" up twice.
  await page.focus("#card-picker summary");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "pick-win_rate");
  await page.keyboard.press("Tab"); // its move-down button (move-up is disabled at the top)
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "pick-win_rate_by_value");
  await page.keyboard.press("Space");
  await page.focus('[aria-label="Move Pipeline velocity up"]');
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Move Pipeline velocity up", "the focus follows the moved row");
  const chosen = ["win_rate", "average_deal_size", "sales_cycle_days", "pipeline_created", "pipeline_velocity", "quota_attainment", "pipeline_coverage"];
  assert.deepEqual(await shownCards(page), chosen);
  assert.equal(await page.textContent("#card-picker summary"), "Choose cards (7 of 21 shown)");
  assert.match(await page.textContent("#card-picker [aria-live]"), /^Pipeline velocity moved to position 6 of 21\.$/);
  assert.match(await hash(page), new RegExp(`&cards=${chosen.join(",")}$`));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);
  await page.locator("#card-picker").screenshot({ path: join(RESULTS, "card-picker-360.png") });

  // The bookmark opens the same cards; "Show the core set" goes back.
  await page.goto(`${b.url}${await hash(page)}`);
  await page.reload();
  await ready(page);
  assert.deepEqual(await shownCards(page), chosen);
  await page.click(".pick-reset");
  assert.deepEqual(await shownCards(page), CORE);
  assert.doesNotMatch(await hash(page), /cards=/);
  await page.screenshot({ path: join(RESULTS, "view-360.png"), fullPage: true });
  assert.deepEqual(b.problems, []);
});
