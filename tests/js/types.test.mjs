// The TypeScript face of the package: no `any` on the public API, a typed consumer compiles
// (with its expected errors), and the hand-written types name every key the module really returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { catalog, computeReport, SpiEngine } from "spi-wasm";
import { datasetFixtures, root } from "./helpers.mjs";

const dts = readFileSync(join(root, "pkg/spi_wasm.d.ts"), "utf8");
// The part a user calls; wasm-bindgen's own init plumbing (InitOutput, ...) follows it.
const api = dts.slice(0, dts.indexOf("export type InitInput"));

test("the public API has no `any`", () => {
  assert.ok(api.includes("export function computeReport(data: SpiInput, query?: SpiQuery | null): SpiReport;"));
  assert.ok(api.includes("export function computeReportFromJson(input: SpiJsonInput, query?: SpiQuery | null): SpiReport;"));
  assert.ok(api.includes("static fromObject(data: SpiInput): SpiEngine;"));
  assert.ok(api.includes("export function catalog(): SpiCatalogEntry[];"));
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
  keysOf(catalog(), seen);
  const missing = [...seen].filter((k) => !named.has(k)).sort();
  assert.deepEqual(missing, [], "keys returned by the module but missing from src/wasm_types.d.ts");
});

/** The string members of `export type <name> = | "a" | "b" ...;` in the package's index.d.ts. */
function unionOf(name) {
  const index = readFileSync(join(root, "pkg/index.d.ts"), "utf8");
  const decl = index.match(new RegExp(`export type ${name} =([^;]*);`));
  assert.ok(decl, `${name} is not declared in pkg/index.d.ts`);
  return new Set([...decl[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
}

test("the generated unions hold every value the module returns and throws", () => {
  const ids = unionOf("SpiIndicatorId");
  const units = unionOf("SpiUnit");
  const better = unionOf("SpiBetter");
  const cadences = unionOf("SpiCadence");
  const variants = {
    stage_conversion: unionOf("SpiStageConversionVariant"),
    pipeline_coverage: unionOf("SpiCoverageVariant"),
    fx: unionOf("SpiFxVariant"),
    owner: unionOf("SpiOwnerVariant"),
  };
  // The defaults of a report of nothing: all 20 indicators of the spec and `lost_reasons`, each with its unit.
  const empty = computeReport({});
  assert.equal(empty.indicators.length, 21);
  assert.equal(ids.size, 21);
  // The catalog's values are in their unions too.
  for (const e of catalog()) {
    assert.ok(ids.has(e.id) && units.has(e.unit) && better.has(e.better), e.id);
    assert.ok(unionOf("SpiTiming").has(e.timing) && unionOf("SpiHeadline").has(e.headline), e.id);
  }
  const warnings = unionOf("SpiWarningCode");
  const checks = unionOf("SpiCheckId");
  let checked = 0;
  let seenWarnings = 0;
  let seenChecks = 0;
  const reports = [empty];
  for (const fx of datasetFixtures()) {
    let engine;
    try {
      engine = SpiEngine.fromJson(fx.text);
    } catch {
      continue; // invalid-input fixtures have no report
    }
    try {
      reports.push(engine.report(fx.query), engine.report({ variants: { stageConversion: "to_win", fx: "latest" } }));
    } finally {
      engine.free();
    }
  }
  for (const report of reports) {
    for (const ind of report.indicators) {
      assert.ok(ids.has(ind.id), ind.id);
      assert.ok(units.has(ind.unit), `${ind.id}: unit ${ind.unit}`);
      assert.ok(better.has(ind.better), `${ind.id}: better ${ind.better}`);
      checked++;
    }
    for (const w of report.warnings) assert.ok(warnings.has(w.code), `warning ${w.code}`);
    for (const h of report.health) assert.ok(checks.has(h.id), `check ${h.id}`);
    for (const ind of report.indicators) for (const n of ind.notes) assert.ok(checks.has(n.code), `note ${n.code}`);
    for (const a of report.actions) assert.ok(a.check === null || checks.has(a.check), `action ${a.check}`);
    seenWarnings += report.warnings.length;
    seenChecks += report.health.length;
    assert.ok(cadences.has(report.query.cadence), report.query.cadence);
    for (const [key, values] of Object.entries(variants)) assert.ok(values.has(report.query.variants[key]), key);
  }
  assert.ok(checked >= 20 * reports.length / 2, `only ${checked} indicators checked`);
  assert.ok(seenWarnings > 0 && seenChecks > 0, `${seenWarnings} warnings, ${seenChecks} checks seen`);
  // Error codes: a misspelled query field, a bad group key, a bad value in the data.
  const codes = unionOf("SpiErrorCode");
  for (const f of [
    () => computeReport({}, { cadance: "month" }),
    () => computeReport({}, { groupBy: ["owners"] }),
    () => computeReport({ deals: [{ id: "D-1", amount: "twelve" }] }),
    () => SpiEngine.fromJson("{"),
  ]) {
    assert.throws(f, (e) => codes.has(e.code) || assert.fail(`code ${e.code} is not in SpiErrorCode`));
  }
});
