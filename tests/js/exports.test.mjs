// Real exports and vendor-format fixtures through the package as a page would hand them over
// (SpiEngine.fromFiles, no mapping): the report equals the native CLI's for the same files, whose
// numbers tests/it/ingest/real_exports.rs and tests/it/ingest/export_formats.rs check against hand counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { SpiEngine } from "spi-wasm";
import { root, spiBinary } from "./helpers.mjs";

const QUERY = { from: "2023-01-01", to: "2027-01-01", cadence: "quarter", compare: null };

const queryFile = join(mkdtempSync(join(tmpdir(), "spi-exports-")), "query.json");
writeFileSync(queryFile, JSON.stringify(QUERY));

function cli(paths) {
  const args = ["report", ...paths.flatMap((p) => ["--data", p]), "--query", queryFile];
  return JSON.parse(execFileSync(spiBinary(), args, { cwd: root, maxBuffer: 1 << 30 }));
}

function viaPackage(paths) {
  const engine = SpiEngine.fromFiles(paths.map((p) => ({ name: basename(p), data: new Uint8Array(readFileSync(p)) })));
  try {
    return { report: engine.report(QUERY), summary: engine.summary() };
  } finally {
    engine.free();
  }
}

const groups = [];
const formats = join(root, "tests/fixtures/formats");
for (const f of readdirSync(formats).sort()) if (!f.startsWith("salesforce_")) groups.push([join(formats, f)]);
// The Salesforce org dump is one dataset: its tasks, events, users and field history need the deals.
groups.push(readdirSync(formats).filter((f) => f.startsWith("salesforce_")).sort().map((f) => join(formats, f)));
const real = join(root, "../shared/data/real");
for (const dir of existsSync(real) ? readdirSync(real).sort() : []) {
  const files = readdirSync(join(real, dir)).filter((f) => f.endsWith(".csv")).sort().map((f) => join(real, dir, f));
  groups.push(files);
  groups.push([...files].reverse());
}

for (const paths of groups) {
  test(`fromFiles(${paths.map((p) => basename(p)).join(", ")}) gives the CLI's report`, () => {
    const { report, summary } = viaPackage(paths);
    assert.deepStrictEqual(report, cli(paths));
    for (const source of summary.sources) {
      assert.ok(source.detected, `${source.name} detected`);
      assert.ok(source.confidence > 0 && source.preset !== "canonical", `${source.name}: ${source.preset} ${source.confidence}`);
    }
  });
}
