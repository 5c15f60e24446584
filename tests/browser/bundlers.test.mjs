// The packed package in browser apps (tests/bundlers/, installed from the tarball by
// tests/js/packed.mjs) under the strict CSP of scripts/serve.mjs: bundled by esbuild (one line of
// configuration, in its build.mjs), by webpack 5 (none), by Vite with the package in a module
// worker (none), and as plain ES modules served as files (none). Each computes the win rates of
// tests/bundlers/shared/deals.json for Q1 2026, worked by hand: closed in Q1, 3 won and 1 lost,
// so 3/4 = 0.75; by value (1000 + 3000 + 2000) / 10000 = 0.6.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { build as viteBuild } from "vite";
import webpack from "webpack";
import { openBrowser, foreign } from "./browser.mjs";
import { packedProject } from "../js/packed.mjs";

const EXPECTED = { winRate: "0.75", winRateByValue: "0.6" };

/** Runs webpack with `config`; rejects on any compilation error. */
function runWebpack(config) {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(stats);
    });
  });
}

/** Opens `path` and waits for the app's result on <body>: {ready, winRate, winRateByValue, error}. */
async function result(b, path) {
  const page = await b.newPage();
  await page.goto(new URL(path, b.url).href);
  await page.waitForFunction(() => document.body?.dataset.ready, null, { timeout: 30_000 });
  const out = await page.evaluate(() => ({ ...document.body.dataset }));
  await page.close();
  return out;
}

test("browser apps on the packed package: esbuild, webpack 5, plain ES modules, Vite with a worker", async (t) => {
  const dir = packedProject(t);
  const { default: esbuildOptions } = await import(join(dir, "esbuild/build.mjs"));
  await esbuild.build({ ...esbuildOptions, absWorkingDir: join(dir, "esbuild") });
  // The same app without the one line: the .wasm stays behind.
  cpSync(join(dir, "esbuild"), join(dir, "esbuild-bare"), { recursive: true, filter: (p) => !p.includes("dist") });
  await esbuild.build({ ...esbuildOptions, entryPoints: ["app.js"], absWorkingDir: join(dir, "esbuild-bare") });
  const { default: webpackConfig } = await import(join(dir, "webpack/webpack.config.mjs"));
  await runWebpack(webpackConfig);
  const { default: viteConfig } = await import(join(dir, "vite/vite.config.mjs"));
  await viteBuild(viteConfig);

  // Chromium asks every origin for /favicon.ico: an empty one, so that a 404 means the app's own.
  writeFileSync(join(dir, "favicon.ico"), "");
  const b = await openBrowser(t, { serverOptions: { mounts: [["/", dir]] } });
  const pages = { esbuild: "esbuild/index.html", webpack: "webpack/index.html", esm: "esm/index.html", "vite, in a worker": "vite/dist/index.html" };
  for (const [app, path] of Object.entries(pages)) {
    await t.test(app, async () => {
      const before = b.problems.length;
      const out = await result(b, `/${path}`);
      assert.deepEqual(out, { ready: "true", ...EXPECTED }, out.error);
      assert.deepEqual(b.problems.slice(before), [], "no console error, page error or CSP violation");
    });
  }

  await t.test("esbuild without the line: init() fails with init_failed naming the fix", async () => {
    const out = await result(b, "/esbuild-bare/index.html");
    assert.equal(out.ready, "error");
    assert.match(out.error, /^init_failed: .*404.*spi_wasm_bg\.wasm.*esbuild: add it as an entry point with the copy loader/);
  });

  assert.deepEqual(foreign(b.requests, [b.origin]), [], "no request leaves the server");
});
