// Large files in the page: a 100k-deal file picked with the file input is streamed into the
// worker's module with progress shown (bytes of total, records), ends with the same figures as
// the native CLI, and makes no request; inputs over the limits (a 2.5 GiB file, a 1 GB file that is
// one string) are refused with a clear error, without crashing the tab, and the page still works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, native, foreign } from "./browser.mjs";
import { spiBinary } from "../js/helpers.mjs";

/** Every text the status line shows, recorded in the page. */
const RECORD_STATUS = `window.statuses = [];
  new MutationObserver(() => window.statuses.push(document.getElementById("status").textContent))
    .observe(document.getElementById("status"), { childList: true, characterData: true, subtree: true });`;

function generated(dir) {
  // The binary `npm test` builds from this tree (a release binary left in target/ may be stale).
  const bin = spiBinary();
  const path = join(dir, "deals-100k.json");
  writeFileSync(path, execFileSync(bin, ["generate", "--deals", "100000", "--seed", "5", "--deals-only"], { maxBuffer: 1 << 30 }));
  return path;
}

const value = (page, id) => page.textContent(`.card[data-indicator="${id}"] .value`);

test("a 100k-deal file streams into the page with progress and gives the CLI's figures", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#files"));
  await page.evaluate(RECORD_STATUS);
  const path = generated(b.profile);
  const before = b.requests.length;
  await page.setInputFiles("#files", path);
  await ready(page);

  const statuses = await page.evaluate(() => window.statuses);
  const progress = statuses
    .map((s) => s.match(/^Reading deals-100k\.json: ([\d.]+) of ([\d.]+) MB, ([\d,]+) records…$/))
    .filter(Boolean)
    .map((m) => ({ mb: Number(m[1]), total: Number(m[2]), records: Number(m[3].replaceAll(",", "")) }));
  assert.ok(progress.length >= 2, `progress shown: ${JSON.stringify(statuses)}`);
  assert.ok(progress.every((p) => p.total === 42.6), JSON.stringify(progress));
  assert.ok(progress.some((p) => p.records > 0 && p.records < 100_000), `records counted as they are read: ${JSON.stringify(progress)}`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].mb >= progress[i - 1].mb && progress[i].records >= progress[i - 1].records);
  assert.match(await page.textContent("#status"), /^deals-100k\.json: 100,000 deals, /);

  const query = JSON.parse(await page.evaluate(() => document.body.dataset.query));
  const nat = native(path, query, b.profile);
  const win = nat.indicators.find((i) => i.id === "win_rate").value;
  assert.equal(await value(page, "win_rate"), `${(win * 100).toFixed(1)}%`);
  // With ?nosample the worker fetches the module (from the local server) on the first load.
  const module = /^http:\/\/127\.0\.0\.1:\d+\/assets\/spi_wasm_bg-[\w-]+\.wasm$/;
  const after = b.requests.slice(before).filter((r) => !r.startsWith("blob:") && !module.test(r));
  assert.deepEqual(after, [], "no request while loading and computing");
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
  assert.deepEqual(b.problems, []);
});

test("inputs over the limits are refused with a clear error, and the page still works", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(b.url);
  await ready(page);
  const sampleWin = await value(page, "win_rate");

  // Files built in the page from one 8 MB blob repeated (Blobs reference their parts: no
  // gigabytes are allocated), dropped on the page as a user would.
  const drop = (name, head, repeat, tail) =>
    page.evaluate(
      ({ name, head, repeat, tail }) => {
        const block = new Blob(["x".repeat(8 << 20)]);
        const file = new File([head, ...Array(repeat).fill(block), tail], name, { type: "application/json" });
        const data = new DataTransfer();
        data.items.add(file);
        document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
        return file.size;
      },
      { name, head, repeat, tail },
    );
  const refused = async (pattern) => {
    await page.waitForFunction(() => document.body.dataset.ready === "error" && !document.body.dataset.busy, null, { timeout: 60_000 });
    assert.match(await page.textContent("#error"), pattern);
  };

  // 2.5 GiB (320 x 8 MiB): over the size limit, refused from its size before a byte is read.
  const size = await drop("huge.json", "", 320, "");
  assert.equal(size, 320 * 8 * 1024 * 1024);
  await refused(/the input is 2,684,354,560 bytes; the limit is 2,500,000,000 bytes/);

  // 1 GB within the size limit, but one string: refused once 1 MB of the string is read.
  await page.click("#sample");
  await ready(page);
  await drop("one-string.json", '{"deals": [{"id": "a", "name": "', 128, '"}]}');
  await refused(/a string longer than the limit of 1,048,576 bytes \(at deals\[0\]\.name\)/);

  // The tab survived: the sample loads and renders again.
  await page.click("#sample");
  await ready(page);
  assert.equal(await value(page, "win_rate"), sampleWin);
  assert.deepEqual(b.problems, []);
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
});
