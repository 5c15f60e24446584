// The Chrome MV3 extension (dist/extension/) loads unpacked in Chromium, and its side panel page
// renders the sample from the extension's own origin (chrome-extension://<id>/panel.html).
// Headless Chromium cannot open the side panel UI itself, so the test opens the panel page in a tab.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, ready, RESULTS } from "./browser.mjs";
import { root } from "../js/helpers.mjs";

const EXT = join(root, "dist/extension");

test("the extension loads unpacked and its side panel page renders the sample", async (t) => {
  const manifest = JSON.parse(readFileSync(join(EXT, "manifest.json"), "utf8"));
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.equal(manifest.content_scripts, undefined, "no content script: the module never runs inside a CRM page");

  const b = await openBrowser(t, {
    args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
    viewport: { width: 380, height: 760 },
  });
  const worker = b.context.serviceWorkers()[0] ?? (await b.context.waitForEvent("serviceworker", { timeout: 20_000 }));
  const id = new URL(worker.url()).host;
  const page = await b.newPage();
  await page.goto(`chrome-extension://${id}/${manifest.side_panel.default_path}`);
  await ready(page);
  assert.equal(await page.textContent("#side-title"), "All deals");
  assert.ok((await page.locator(".side-kpi").count()) >= 5);
  await page.selectOption("#owner", "rep-3");
  await page.waitForFunction(() => document.getElementById("side-title").textContent === "rep-3");
  await page.screenshot({ path: join(RESULTS, "extension-panel.png"), fullPage: true });
  const foreign = b.requests.filter((r) => !r.startsWith(`chrome-extension://${id}/`));
  assert.deepEqual(foreign, [], "the panel fetched something from outside the extension");
  assert.deepEqual(b.problems, []);
});
