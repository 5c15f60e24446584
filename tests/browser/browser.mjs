// Shared by the browser suites: Debian's Chromium through playwright-core, the built site served
// by scripts/serve.mjs, every request recorded, and every sign of trouble collected (console
// errors, page errors, CSP violations, dialogs: a dialog means injected script ran).
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";
import { nativeReport, root } from "../js/helpers.mjs";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
export const RESULTS = join(root, "test-results");
mkdirSync(RESULTS, { recursive: true });

/** Reports CSP violations as console errors, so that `problems` catches them. */
const WATCH = `document.addEventListener("securitypolicyviolation", (e) =>
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI));`;

/** A browser on the served site: {context, url, origin, requests, problems, dialogs, newPage, tmp}. */
export async function openBrowser(t, { serverOptions = {}, args = [], viewport } = {}) {
  const { server, url } = await startServer({ port: 0, ...serverOptions });
  const profile = mkdtempSync(join(tmpdir(), "spi-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...args],
    viewport: viewport ?? { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  t.after(async () => {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  });
  const requests = [];
  const problems = [];
  const dialogs = [];
  context.on("request", (r) => requests.push(r.url()));
  await context.addInitScript(WATCH);
  const watch = (page) => {
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    return page;
  };
  context.on("page", watch);
  const newPage = async () => context.newPage();
  return { context, server, url, origin: new URL(url).origin, requests, problems, dialogs, newPage, profile };
}

/** Waits until the page (or frame) has rendered (body[data-ready=true]) or failed. */
export async function ready(page, { generation } = {}) {
  await page.waitForFunction(
    (g) => ["true", "error"].includes(document.body.dataset.ready) && !document.body.dataset.busy &&
      (g === undefined || Number(document.body.dataset.generation) > g),
    generation,
    { timeout: 60_000 },
  );
  const state = await page.evaluate(() => document.body.dataset.ready);
  if (state !== "true") throw new Error(`page failed: ${await page.locator("[role=alert]").first().textContent()}`);
}

/** The native `spi report` of `dataPath` under `query` (written to a temporary file). */
export function native(dataPath, query, dir) {
  const queryPath = join(dir, "query.json");
  writeFileSync(queryPath, JSON.stringify(query));
  return nativeReport(dataPath, queryPath);
}

/** Requests that left the given origins (blob: downloads stay in the page). */
export function foreign(requests, origins) {
  return requests.filter((r) => !r.startsWith("blob:") && !origins.includes(new URL(r).origin));
}
