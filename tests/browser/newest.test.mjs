// The newest request wins, in Chromium. On the page: a slow file (1 GB: the sample with a
// gigabyte of JSON whitespace before its last brace, built in the page from one repeated Blob),
// then an invalid file: the error shows and stays, where before the slow file's report replaced
// it. Through the sidebar's postMessage: a slow message (the sample's deals many times over),
// then a bad one: the slow one is answered `superseded` before the bad one's error, and nothing
// renders over the error. Each test first times the slow input alone (it does load and render),
// then waits longer than that before checking that the error is still the last word.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, foreign } from "./browser.mjs";
import { root } from "../js/helpers.mjs";

const sampleText = readFileSync(join(root, "www/sample.json"), "utf8").trimEnd();
const BAD = '{"deals": [{"id": "a", "amount": "12k"}]}';

/** Drops a file on the page: `head`, then `repeat` blocks of 8 MB of spaces, then `tail`. */
const drop = (page, name, head, repeat, tail) =>
  page.evaluate(
    ({ name, head, repeat, tail }) => {
      const block = new Blob([" ".repeat(8 << 20)]);
      const file = new File([head, ...Array(repeat).fill(block), tail], name, { type: "application/json" });
      const data = new DataTransfer();
      data.items.add(file);
      document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
    },
    { name, head, repeat, tail },
  );

const loads = (page) => page.evaluate(() => Number(document.body.dataset.loads ?? 0));

test("page: a slow file, then an invalid one: the error shows and stays", async (t) => {
  const b = await openBrowser(t);
  const page = await b.newPage();
  await page.goto(`${b.url}?nosample`);
  await page.waitForFunction(() => document.querySelector("#drop"));
  const [head, tail] = [sampleText.slice(0, -1), "}"];
  const deals = JSON.parse(sampleText).deals.length;

  // The slow file alone: it loads (the sample's deals) and renders, in `alone` ms.
  const started = Date.now();
  await drop(page, "slow.json", head, 128, tail);
  await ready(page);
  const alone = Date.now() - started;
  assert.match(await page.textContent("#status"), new RegExp(`^slow\\.json: ${deals.toLocaleString("en")} deals, `));
  assert.ok(alone > 500, `the slow file took ${alone} ms: too fast to overlap`);
  t.diagnostic(`the slow file alone: ${alone} ms`);

  // The slow file, then the invalid one while the slow one is still being read.
  const before = await loads(page);
  await drop(page, "slow.json", head, 128, tail);
  await page.waitForFunction(() => /^Reading slow\.json: [\d.]+ of/.test(document.getElementById("status").textContent));
  await drop(page, "bad.json", BAD, 0, "");
  await page.waitForFunction(() => document.body.dataset.ready === "error", null, { timeout: 60_000 });
  const error = await page.textContent("#error");
  assert.match(error, /expected a number.*deals\[0\]\.amount/s);

  // Longer than the slow file needed alone: the error is still shown, no report came back.
  await page.waitForTimeout(alone * 1.5 + 1000);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), "error");
  assert.equal(await page.isVisible("#error"), true);
  assert.equal(await page.textContent("#error"), error);
  assert.equal(await page.isVisible("#report"), false);
  assert.equal(await loads(page), before + 1, "one load ended (the invalid one); the slow one was superseded");
  assert.deepEqual(foreign(b.requests, [b.origin]), []);
  assert.deepEqual(b.problems, []);
});

/** A host page on http://localhost:<port> framing the sidebar (allowing the host's origin). */
function hostServer(t, sidebarUrl) {
  const server = createServer((req, res) => {
    const own = `http://localhost:${server.address().port}`;
    const src = `${sidebarUrl}?allowOrigin=${encodeURIComponent(own)}`;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>CRM</title><body><iframe id="spi" width="360" height="720" src="${src}"></iframe></body>`);
  });
  t.after(() => server.close());
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://localhost:${server.address().port}`)));
}

test("sidebar: a slow message, then a bad one: answered in order, the error stays", async (t) => {
  const b = await openBrowser(t, { serverOptions: { frameAncestors: "http://localhost:*" } });
  const host = await hostServer(t, `${b.url}sidebar.html`);
  const page = await b.newPage();
  await page.addInitScript(() => {
    window.replies = [];
    window.addEventListener("message", (e) => window.replies.push(e.data));
  });
  await page.goto(`${host}/`);
  const frame = await (await page.waitForSelector("#spi")).contentFrame();
  await page.waitForFunction(() => window.replies.some((r) => r.type === "spi:ready"));
  // The slow message: the sample's deals `copies` times (ids made unique), built in the host.
  const copies = 25;
  await page.evaluate(([text, copies]) => {
    const data = JSON.parse(text);
    data.deals = Array.from({ length: copies }, (_, i) => data.deals.map((d) => ({ ...d, id: `${d.id}-${i}` }))).flat();
    window.slow = { type: "spi:data", version: 1, data, focus: { owner: data.deals[0].owner } };
  }, [sampleText, copies]);
  const send = (message) => page.evaluate(([origin, m]) => document.getElementById("spi").contentWindow.postMessage(m ?? window.slow, origin), [b.origin, message]);
  const replies = () => page.evaluate(() => window.replies.filter((r) => r.type !== "spi:ready"));

  // The slow message alone: rendered, in `alone` ms.
  const started = Date.now();
  await send(null);
  await page.waitForFunction(() => window.replies.some((r) => r.type === "spi:rendered"), null, { timeout: 60_000 });
  const alone = Date.now() - started;
  t.diagnostic(`the slow message alone: ${alone} ms`);
  await ready(frame);
  assert.equal((await replies())[0].summary.deals, JSON.parse(sampleText).deals.length * copies);
  assert.ok((await frame.locator(".side-kpi").count()) > 0);

  // The slow message, then the bad one at once.
  await page.evaluate(() => (window.replies = []));
  await send(null);
  await send({ type: "spi:data", version: 1, data: JSON.parse(BAD) });
  await page.waitForFunction(() => window.replies.length >= 2, null, { timeout: 60_000 });
  await page.waitForTimeout(alone * 1.5 + 1000);
  const got = await replies();
  assert.deepEqual(got.map((r) => [r.type, r.error?.code, r.error?.path]), [
    ["spi:error", "superseded", ""],
    ["spi:error", "invalid_value", "deals[0].amount"],
  ]);
  assert.equal(await frame.evaluate(() => document.body.dataset.ready), "error");
  assert.equal(await frame.isVisible("#side-error"), true);
  assert.match(await frame.textContent("#side-error"), /deals\[0\]\.amount/);
  assert.equal(await frame.locator(".side-kpi").count(), 0, "no figures under the error");
  assert.deepEqual(foreign(b.requests, [b.origin, host]), []);
  assert.deepEqual(b.problems, []);
});
