// The packed package in Node, as a new project uses it (tests/js/packed.mjs): ESM import,
// CommonJS require, and esbuild's Node-platform bundles (ESM and CJS output) of the ESM app, each
// computing the win rates of tests/bundlers/shared/deals.json for Q1 2026. Worked by hand
// (tests/bundlers/shared/report.js): closed in Q1, 3 won and 1 lost, so 3/4 = 0.75; by value
// (1000 + 3000 + 2000) / 10000 = 0.6.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { root } from "./helpers.mjs";
import { packedProject } from "./packed.mjs";

const EXPECTED = { winRate: 0.75, winRateByValue: 0.6 };

test("Node 20+: the packed package by import, require and esbuild Node bundles", async (t) => {
  const dir = packedProject(t);
  const data = join(dir, "shared/deals.json");
  const run = (app, cwd = dir) => JSON.parse(execFileSync(process.execPath, [app, data], { cwd, encoding: "utf8" }));

  await t.test("ESM: import from \"spi-wasm\"", () => {
    assert.deepEqual(run(join(dir, "node-esm/app.mjs")), EXPECTED);
  });

  await t.test("CommonJS: require(\"spi-wasm\") (the require condition, pkg/node.cjs)", () => {
    const out = run(join(dir, "node-cjs/app.cjs"));
    assert.deepEqual({ winRate: out.winRate, winRateByValue: out.winRateByValue }, EXPECTED);
    // The CommonJS copy throws its own SpiError, with the code and path of the ESM one.
    assert.deepEqual(out.misspelt, { spiError: true, code: "invalid_query", path: "cadance" });
  });

  await t.test("TypeScript, CommonJS: `import spi = require(\"spi-wasm\")` compiles strict (pkg/node.d.cts)", () => {
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", join(dir, "node-cjs")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  const { default: builds } = await import(join(dir, "esbuild-node/build.mjs"));
  for (const options of builds) {
    await t.test(`esbuild --platform=node --format=${options.format}, no spi-wasm configuration`, async () => {
      await esbuild.build({ ...options, absWorkingDir: join(dir, "esbuild-node") });
      const bundle = join(dir, "esbuild-node", options.outfile);
      assert.deepEqual(run(bundle), EXPECTED);

      // Deployed alone (no node_modules above it, run from elsewhere): a clear error first ...
      const alone = mkdtempSync(join(tmpdir(), "spi-alone-"));
      try {
        const copy = join(alone, options.outfile.replace("dist/", ""));
        copyFileSync(bundle, copy);
        const r = spawnSync(process.execPath, [copy, data], { cwd: alone, encoding: "utf8" });
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /wasm_not_found|could not find spi_wasm_bg\.wasm/);
        assert.match(r.stderr, /copy node_modules\/spi-wasm\/pkg\/spi_wasm_bg\.wasm into the bundle's directory/);
        // ... and the documented fix: the .wasm copied next to the bundle.
        copyFileSync(join(dir, "node_modules/spi-wasm/pkg/spi_wasm_bg.wasm"), join(alone, "spi_wasm_bg.wasm"));
        assert.deepEqual(run(copy, alone), EXPECTED);
      } finally {
        rmSync(alone, { recursive: true, force: true });
      }
    });
  }
});
