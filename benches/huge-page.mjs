// Issue 18: "Show a 2 GB file loading in the page." The report page (dist/, as `npm start` serves
// it) in headless Chromium is given a 2.1 GB canonical JSON file (`spi generate --deals 5000000
// --deals-only`, 2,137,770,112 bytes) through its file input, as a user picks one: the page's
// worker streams it (`file.stream()`, 1 MB at a time into the module), so the bytes never sit in
// Wasm memory. Measured: seconds from the pick to the first report on screen; checked: the win
// rate card and its n against the native CLI on the page's own query, and no request off the
// local server. Run by benches/run.mjs with Chromium (HUGE=0 leaves it out), or alone:
//   node benches/huge-page.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const DEALS = 5_000_000;
const FILE = root + "benches/data/deals-5m.json";

/** Loads the 2 GB file in the page; `{ bytes, seconds, deals, win, n, cli, agrees, refused }` or `{ error }`. */
export async function hugePage(log = console.log) {
  try {
    const spi = root + "target/release/spi";
    execFileSync("cargo", ["build", "--release", "--quiet", "--bin", "spi"], { cwd: root, stdio: "inherit" });
    if (!existsSync(FILE)) {
      log(`generating ${FILE} (${DEALS} deals)`);
      mkdirSync(root + "benches/data", { recursive: true });
      const fd = openSync(FILE, "w");
      const r = spawnSync(spi, ["generate", "--deals", String(DEALS), "--seed", "1", "--deals-only"], { stdio: ["ignore", fd, "inherit"] });
      closeSync(fd);
      if (r.status !== 0) throw new Error("spi generate failed");
    }
    if (!existsSync(root + "pkg/spi_wasm_bg.wasm")) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (!existsSync(root + "dist/index.html")) execFileSync("npm", ["run", "build:page"], { cwd: root, stdio: "inherit" });
    const bytes = statSync(FILE).size;
    const { chromium } = await import("playwright-core");
    const { startServer } = await import(root + "scripts/serve.mjs");
    const { server, url } = await startServer({ port: 0 });
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const refused = [];
      await page.route("**/*", (route) => (route.request().url().startsWith(url) ? route.continue() : (refused.push(route.request().url()), route.abort())));
      await page.goto(`${url}?nosample`);
      await page.waitForFunction(() => document.querySelector("#files"));
      const t = performance.now();
      await page.setInputFiles("#files", FILE);
      await page.waitForFunction(
        () => Number(document.body.dataset.loads ?? 0) > 0 && ["true", "error"].includes(document.body.dataset.ready) && !document.body.dataset.busy,
        null,
        { timeout: 20 * 60_000, polling: 250 },
      );
      const seconds = (performance.now() - t) / 1000;
      if ((await page.evaluate(() => document.body.dataset.ready)) !== "true") throw new Error(`the page refused it: ${(await page.textContent("#error"))?.trim()}`);
      const status = (await page.textContent("#status"))?.trim() ?? "";
      const win = (await page.textContent('.card[data-indicator="win_rate"] .value'))?.trim();
      const n = Number((await page.textContent('.card[data-indicator="win_rate"]')).match(/n = ([\d,]+)/)?.[1].replaceAll(",", ""));
      const query = await page.evaluate(() => document.body.dataset.query);
      // The same query on the native CLI: the card must show its win rate, to the page's 0.1%.
      const q = root + "target/huge-query.json";
      writeFileSync(q, JSON.stringify({ ...JSON.parse(query), indicators: ["win_rate"], compare: null }));
      const report = JSON.parse(execFileSync(spi, ["report", "--data", FILE, "--query", q], { maxBuffer: 1 << 28 }).toString());
      const cli = report.indicators.find((i) => i.id === "win_rate");
      const cliWin = `${(cli.value * 100).toFixed(1)}%`;
      const deals = Number(status.match(/([\d,]+) deals/)?.[1].replaceAll(",", ""));
      const agrees = win === cliWin && n === cli.sampleSize && deals === DEALS;
      return { bytes, seconds, deals, win, n, cli: `${cliWin}, n = ${cli.sampleSize}`, agrees, refused: refused.length };
    } finally {
      await browser.close();
      server.close();
    }
  } catch (e) {
    return { error: String(e?.message ?? e).slice(0, 300) };
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) console.log(JSON.stringify(await hugePage()));
