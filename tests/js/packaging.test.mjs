// What `npm pack` ships: the entries (ESM, the CommonJS bundle of the Node entry), their types,
// the module and its snippet, README, LICENSE and the reference docs the README links to; no
// runtime dependency (uplot is the page's, a devDependency); no benchmark-only export; a module
// no bigger than its ceiling.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as spi from "spi-wasm";
import { root } from "./helpers.mjs";

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }));
const shipped = new Set(packed.files.map((f) => f.path));

test("no runtime dependencies; the LICENSE file is the license package.json names", () => {
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.peerDependencies, undefined);
  assert.ok(pkg.devDependencies.uplot, "the page's chart library stays a devDependency");
  assert.equal(pkg.license, "MIT");
  assert.match(readFileSync(join(root, "LICENSE"), "utf8"), /^MIT License\n/);
});

test("npm pack ships exactly the package files", () => {
  const files = [...shipped].map((f) => f.replace(/^pkg\/snippets\/[^/]+\//, "pkg/snippets/*/")).sort();
  assert.deepEqual(files, [
    "LICENSE", "README.md",
    "docs/indicators.md", "docs/input-formats.md", "docs/input.md", "docs/package.md", "docs/time-zones.md",
    "package.json",
    "pkg/error.js", "pkg/index.d.ts", "pkg/index.js", "pkg/node.cjs", "pkg/node.d.cts", "pkg/node.d.ts", "pkg/node.js", "pkg/objects.js",
    "pkg/snippets/*/inline0.js", "pkg/spi_wasm.d.ts", "pkg/spi_wasm.js", "pkg/spi_wasm_bg.wasm", "pkg/spi_wasm_bg.wasm.d.ts",
    "pkg/worker-api.d.ts", "pkg/worker-api.js", "pkg/worker-client.js", "pkg/worker-node.js", "pkg/worker-serve.js",
    "pkg/worker-thread.js", "pkg/worker.js",
  ]);
});

test("every file package.json's exports name is shipped, and Node's require has its own entry", () => {
  const targets = (value) => (typeof value === "string" ? [value] : Object.values(value).flatMap(targets));
  for (const target of targets(pkg.exports)) assert.ok(shipped.has(target.slice(2)), `${target} is not shipped`);
  assert.deepEqual(pkg.exports["."].node.require, { types: "./pkg/node.d.cts", default: "./pkg/node.cjs" });
});

test("the package README: at most 10 KB, covers what a user needs, links only to shipped files", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  assert.ok(Buffer.byteLength(readme) <= 10 * 1024, `README.md is ${Buffer.byteLength(readme)} bytes`);
  for (const heading of ["## Install", "## Use it", "### A first report", "### In a worker", "## Errors", "## Types", "## Bundlers and runtimes", "## Content Security Policy", "## Embedding"]) {
    assert.ok(readme.includes(`\n${heading}\n`), `no "${heading}" section`);
  }
  assert.ok(readme.includes("'wasm-unsafe-eval'"));
  for (const bundler of ["Vite", "webpack 5", "esbuild, for browsers", "plain ES modules", "Node 20+, ESM or CommonJS"]) {
    assert.ok(readme.includes(`| ${bundler}`), `no Bundlers row for ${bundler}`);
  }
  for (const file of ["README.md", ...[...shipped].filter((f) => f.startsWith("docs/"))]) {
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
    for (const [, link] of readFileSync(join(root, file), "utf8").matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(link)) continue;
      assert.ok(shipped.has(join(dir, link)), `${file} links to ${link}, which the package does not ship`);
    }
  }
});

test("benchmark-only exports stay out of the published module (cargo feature `bench`)", () => {
  assert.equal(spi.parseFloor, undefined);
  for (const file of ["pkg/spi_wasm.d.ts", "pkg/spi_wasm.js", "pkg/index.js"]) {
    assert.doesNotMatch(readFileSync(join(root, file), "utf8"), /parseFloor|parse_floor/, file);
  }
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(root, "pkg/spi_wasm_bg.wasm"))));
  assert.deepEqual(exports.filter((e) => /floor/i.test(e.name)), []);
});

// Issue 18: the module must stay small while getting faster (target 494,000 B gzip). This ceiling
// is the size reached so far (549,909 B gzip -9 on 2026-12-07, after the shared history sort and
// the shared unit-enum visitor: 557,636 before; 595,185 before the object route went) plus 1%: a
// change that adds more must pay for it elsewhere. Lower it as cuts land, down to the target;
// raise it only with the reason written here.
// Raised 555,500 -> 561,000 (2026-12-07, end of session 7): the same session's merges spent the 1%
// on faster reading and reporting (interner groups, deal columns, the one-walk path table: ~1.7 KB)
// and on saying what real exports hide (open_without_amount, the lead and preset warnings, the
// larger input limit: the other ~3.9 KB),
// reaching 555,505 B; the ceiling is that plus 1% again.
// Lowered 561,000 -> 521,000 (2026-12-07, session 8, branch tally): 555,594 -> 515,669 B (-39,925)
// by sharing what every Tally indicator instantiated. scopes::by_tally's 19 copies went from
// 151 KB raw to 16 KB (plus, one each per indicator: the feeding loop and figures behind the Fed
// vtable 20 KB, the item loop 5 KB): the layout of the slots, the group numbers and the report's
// assembly are one copy (-25.2 KB gzip), the figure and item loops one call each (-4.5 KB), the
// kept items' memo one map behind dyn Any (-8.1 KB), the walk over the runs one copy behind a
// vtable (-2.1 KB). The ceiling is that plus 1%.
// Lowered 521,000 -> 501,000 (2026-12-07, session 9, branch size3): 515,974 -> 495,848 B (-20,126)
// with no indicator code touched: the float, Kaplan-Meier, history and u32 sorts through the
// integer sorts already in the module, the shared sort a small merge sort (-9.6 KB together),
// BTreeMaps for one value type each replaced (drill terms filled by inserts, CSV date rules and
// a mapping's optional names as short lists, the drivers' merge: -8.3 KB), wasm-opt -Os
// --converge with the toolchain sections stripped (-2.2 KB). The ceiling is that plus 1%.
// Lowered 501,000 -> 494,000, the target itself (2026-12-07, session 10, branch size4): 498,904 ->
// 489,727 B (-9,177) by five more BTreeMaps of one value type each replaced with sorted lists read
// and written as the maps were: a figure's stats (-2.3 KB), the query's targets (-2.9 KB), the fx
// table (-1.6 KB), an API response's top-level keys (-1.8 KB), the settings' sources (-0.5 KB).
// From here the module may not grow past the target: a change that adds bytes pays for them.
// Lowered 494,000 -> 490,900 (2026-12-07, session 11, branch scan5): 493,017 -> 489,908 B (-3,109)
// by enabling Wasm SIMD128 for the record reader's scans, which lets wasm-opt copy with v128 loads
// and stores module-wide (-3,306). The ceiling keeps the 983 B of room main had under 494,000.
// Raised 490,900 -> 491,300 (2026-12-07, session 14): an amount's own currency (`GBP 12,000.00`,
// `1.200,00 €`) read as the deal's currency, +866 B: a multi-currency export's amounts were
// summed as one currency, a silent wrong figure, which a byte budget does not outweigh.
// Raised 491,300 -> 491,500 (session 14, merge of ingest9 and first9): 491,325 B. ingest9's
// places for short repeated strings (+432 B) cut native ingestion 8-12%; first9's one stream
// over the deal rows gave back 259 B.
// Raised 491,500 -> 493,200 (session 15): 493,173 B. A stage named as closed but read as open
// (`Won - Signed`: the spec reads only won/lost/closed won/closed lost as closed) is a counted
// warning and a read flag, +1,237 B: those deals counted as open pipeline without a word. A date
// column that cannot settle its order alone takes the file's, +474 B: small exports were refused.
// Raised 493,200 -> 493,400 (session 15): 493,320 B. Unknown keys in quotas, forecasts, stages
// and dated fx rates refused at their path, +147 B: a quota's misspelled `curency` was ignored.
// Lowered 493,400 -> 489,414 (session 15, branch size15): 493,320 -> 489,314 B (-4,006) by
// wasm-opt --low-memory-unused (constants folded into load and store offsets; scripts/build.sh
// says why that holds for Rust). The ceiling keeps 100 B of room.
// Raised 489,414 -> 492,100 (session 15, merges): 491,935 B. query15 keeps the last period's funnel
// cohort and Kaplan-Meier quantiles for a new grouping (+~800 B: the core set's new grouping at 1M
// ~25% faster); canonical records' fields that look like known ones named (`closed_at`: did
// you mean `closedAt`?), +~1,200 B: those fields were ignored without a word.
// Raised 492,100 -> 492,300 (session 15): 492,164 B. The field hints look keys up by halves and
// squeeze a record's keys only for a guess by edits (+229 B): a record of 200 custom fields cost
// ~90 ms per 20k deals before.
// Raised 492,300 -> 493,000 (session 15): 492,879 B. `$1,000` with a EUR base was read as
// 1,000 euros; `$` now follows the currency column, else a base that writes `$`, else is left
// out with currency_without_rate and a health action that says what to give (+715 B).
// Kept at 493,000 (session 15): 492,706 B. `¥` read as `$` is (yen or yuan, never euros), one
// table for both symbols (store::SHARED_SYMBOLS), -173 B.
const GZIP_CEILING = 493_000;

test(`the module is at most ${GZIP_CEILING} bytes gzipped (issue 18 target: 494,000)`, () => {
  // gzip(1) -9 -n (no file name in the header: `gzip -9 < file`), as scripts/build.sh prints it
  // (Node's zlib at level 9 gives ~1% more).
  const file = join(root, "pkg/spi_wasm_bg.wasm");
  const wasm = readFileSync(file);
  const gz = execFileSync("gzip", ["-9", "-n", "-c", file], { maxBuffer: 64 << 20 }).length;
  assert.ok(gz <= GZIP_CEILING, `pkg/spi_wasm_bg.wasm is ${gz} bytes gzipped (${wasm.length} raw), over ${GZIP_CEILING}: see scripts/wasm-size-breakdown.mjs for where the bytes go`);
});
