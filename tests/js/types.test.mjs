// The TypeScript face of the package: no `any` on the public API, a typed consumer compiles
// (with its expected errors), and the hand-written types name every key the module really returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { computeReport, SpiEngine } from "spi-wasm";
import { datasetFixtures, root } from "./helpers.mjs";

const dts = readFileSync(join(root, "pkg/spi_wasm.d.ts"), "utf8");
// The part a user calls; wasm-bindgen's own init plumbing (InitOutput, ...) follows it.
const api = dts.slice(0, dts.indexOf("export type InitInput"));

test("the public API has no `any`", () => {
  assert.ok(api.includes("export function computeReport(data: SpiInput, query?: SpiQuery | null): SpiReport;"));
  assert.ok(api.includes("export function computeReportFromJson(input: SpiJsonInput, query?: SpiQuery | null): SpiReport;"));
  assert.ok(api.includes("static fromObject(data: SpiInput): SpiEngine;"));
  const code = api.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  assert.deepEqual(code.match(/\bany\b/g) ?? [], []);
});

test("a typed consumer compiles, and its deliberate mistakes are type errors", () => {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(root, "tests/ts")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc --noEmit failed:\n${e.stdout}${e.stderr}`);
  }
});

test("a strict consumer with lib [ES2022, DOM] and no skipLibCheck compiles", () => {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(root, "tests/ts-dom")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc --noEmit failed:\n${e.stdout}${e.stderr}`);
  }
});

test("the types declare no export the package does not have", async () => {
  const pkg = await import("spi-wasm");
  const index = readFileSync(join(root, "pkg/index.d.ts"), "utf8");
  const declared = [...index.matchAll(/^export (?:declare )?(?:function|class|const) (\w+)/gm)].map((m) => m[1]);
  assert.ok(declared.includes("SpiError") && declared.includes("computeReport"), declared.join(", "));
  for (const name of declared) assert.notEqual(pkg[name], undefined, `${name} is declared but not exported`);
  assert.ok(!declared.includes("start"));
});

// Objects whose keys are data (group values, stat names, indicator ids), not field names.
const MAPS = new Set([
  ...["groups", "stats", "targets", "terms", "fx", "attributes"],
  ...["columns", "historyColumns", "dateFormats"],
]);

function keysOf(value, out = new Set(), parent = "") {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out, parent));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (!MAPS.has(parent)) out.add(k);
      keysOf(v, out, MAPS.has(parent) ? "" : k);
    }
  }
  return out;
}

test("every key the module returns is named in the .d.ts", () => {
  const named = new Set([...api.matchAll(/^\s*(\w+)\??:/gm)].map((m) => m[1]));
  const seen = new Set();
  for (const fx of datasetFixtures()) {
    let engine;
    try {
      engine = SpiEngine.fromJson(fx.text);
    } catch {
      continue; // invalid-input fixtures have no report
    }
    try {
      keysOf(engine.report(fx.query), seen);
      keysOf(engine.report({ groupBy: ["owner", "segment"], compare: "previous_period" }), seen);
      keysOf(engine.summary(), seen);
      for (const { id } of engine.report(fx.query).indicators) keysOf(engine.drill(fx.query, { indicator: id }), seen);
    } finally {
      engine.free();
    }
  }
  keysOf(computeReport({}), seen);
  const missing = [...seen].filter((k) => !named.has(k)).sort();
  assert.deepEqual(missing, [], "keys returned by the module but missing from src/wasm_types.d.ts");
});
