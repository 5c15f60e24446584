// Browser smoke test: the served page renders the sample's report in Debian's Chromium (driven by
// playwright-core), under its CSP, and makes no request anywhere but the local server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";
import { nativeReport, root } from "../js/helpers.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

test("the page renders the sample report with no request leaving the local server", async (t) => {
  const { server, url } = await startServer({ port: 0 });
  const profile = mkdtempSync(join(tmpdir(), "spi-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  t.after(async () => {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const requests = [];
  const problems = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));

  const response = await page.goto(url);
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#error"));

  // The page shows the same win rate as the native CLI on the same file and query.
  const queryPath = join(profile, "query.json");
  writeFileSync(queryPath, JSON.stringify({ cadence: "month" })); // the page's query
  const native = nativeReport(join(root, "www/sample.json"), queryPath);
  const winRate = native.indicators.find((i) => i.id === "win_rate");
  const shown = await page.textContent('tr[data-indicator="win_rate"] td.value');
  assert.equal(shown, `${(winRate.value * 100).toFixed(1)}%`);
  const rows = await page.locator("#indicators tbody tr").count();
  assert.equal(rows, native.indicators.length);

  // Let anything late (favicon, prefetch, background services) show up before checking.
  await page.waitForTimeout(1000);
  const origin = new URL(url).origin;
  const foreign = requests.filter((r) => new URL(r).origin !== origin);
  assert.deepEqual(foreign, [], "requests to anywhere but the local server");
  assert.ok(requests.some((r) => r.endsWith("/pkg/spi_wasm_bg.wasm")), "the module came from the local server");
  assert.deepEqual(problems, []);

  mkdirSync(join(root, "test-results"), { recursive: true });
  await page.screenshot({ path: join(root, "test-results/page.png"), fullPage: true });
});
