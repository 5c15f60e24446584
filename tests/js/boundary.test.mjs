// The package's boundary as a front-end team meets it: strict inputs in every entry (the CLI's
// reader, so the same code and path as `spi report`), the query size limit, one error class
// (`SpiError`) for every failure with a plain-object form for workers, freed and uninitialised
// objects refused with their own codes, and CRM API responses read by every JSON entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeReport, computeReportFromJson, SpiEngine, SpiError } from "spi-wasm";
import { root, spiBinary, thrown } from "./helpers.mjs";

const small = JSON.parse(readFileSync(join(root, "tests/fixtures/small.json"), "utf8"));
const searchText = readFileSync(join(root, "tests/fixtures/hubspot_search.json"), "utf8");
const q1 = { from: "2026-01-01", to: "2026-04-01", cadence: "month" };
const figure = (report, id) => report.indicators.find((i) => i.id === id);

/** The CLI's error for a query, as `{code, path}`. */
function cliError(query) {
  const dir = mkdtempSync(join(tmpdir(), "spi-query-"));
  writeFileSync(join(dir, "q.json"), JSON.stringify(query));
  const args = ["report", "--data", join(root, "tests/fixtures/small.json"), "--query", join(dir, "q.json")];
  try {
    execFileSync(spiBinary(), args, { stdio: "pipe" });
  } catch (e) {
    const { code, path } = JSON.parse(String(e.stderr).split("\n")[0]).error;
    return { code, path };
  }
  return assert.fail(`the CLI read ${JSON.stringify(query)}`);
}

// Each misspelling with the path that names it (worked out from the query's shape).
const MISSPELT = [
  [{ cadance: "month" }, "cadance"],
  [{ groupby: ["owner"] }, "groupby"],
  [{ variants: { stage_conversio: "strict" } }, "variants.stage_conversio"],
  [{ variants: { stage_conversion: "strictly" } }, "variants.stage_conversion"],
  [{ targets: { win_rate: { minimum: 1 } } }, "targets.win_rate.minimum"],
  [{ cadence: 7 }, "cadence"],
];

test("a misspelled, unknown or wrongly typed query field is invalid_query with its path, in every entry and the CLI", () => {
  const engine = SpiEngine.fromObject(small);
  try {
    for (const [query, path] of MISSPELT) {
      const routes = {
        "engine.report": () => engine.report(query),
        "engine.report(JSON text)": () => engine.report(JSON.stringify(query)),
        computeReport: () => computeReport(small, query),
        computeReportFromJson: () => computeReportFromJson(JSON.stringify(small), query),
        "engine.drill": () => engine.drill(query, { indicator: "win_rate" }),
      };
      for (const [route, run] of Object.entries(routes)) {
        const error = thrown(run);
        assert.ok(error instanceof SpiError, route);
        assert.deepEqual([error.code, error.path], ["invalid_query", path], `${route} ${JSON.stringify(query)}`);
      }
      assert.deepEqual(cliError(query), { code: "invalid_query", path }, JSON.stringify(query));
    }
    // Still exact after every refusal: 3 won of 5 closed (tests/js/package.test.mjs).
    assert.equal(figure(engine.report(q1), "win_rate").value, 0.6);
    assert.equal(figure(engine.report(JSON.stringify(q1)), "win_rate").value, 0.6);
  } finally {
    engine.free();
  }
});

test("a drill request is read as strictly; a query JSON cannot hold is refused, not dropped", () => {
  const engine = SpiEngine.fromObject(small);
  try {
    const misspelt = thrown(() => engine.drill(q1, { indicator: "win_rate", grupKey: "owner" }));
    assert.deepEqual([misspelt.code, misspelt.path], ["invalid_drill_request", "grupKey"]);
    assert.match(misspelt.message, /^grupKey: unknown field `grupKey`/);
    const typed = thrown(() => engine.drill(q1, { indicator: 7 }));
    assert.deepEqual([typed.code, typed.path], ["invalid_drill_request", "indicator"]);
    assert.equal(thrown(() => engine.drill(q1)).code, "invalid_drill_request");
    const bigint = thrown(() => engine.report({ cadence: 1n }));
    assert.deepEqual([bigint.code, bigint.path], ["invalid_query", ""]);
    // D-1, D-3, D-5 won in Q1 (tests/js/package.test.mjs).
    assert.deepEqual(engine.drill(q1, { indicator: "win_rate" }).numeratorIds.toSorted(), ["D-1", "D-3", "D-5"]);
  } finally {
    engine.free();
  }
});

test("a misspelled setting is the same invalid_value from objects, text and files", () => {
  const cases = [
    [{ settings: { asof: "2026-01-01" }, deals: [] }, "settings.asof"],
    [{ settings: { fiscalCalendar: { patern: "4-4-5" } } }, "settings.fiscalCalendar.patern"],
  ];
  for (const [data, path] of cases) {
    const text = JSON.stringify(data);
    const routes = {
      computeReport: () => computeReport(data),
      fromObject: () => SpiEngine.fromObject(data),
      computeReportFromJson: () => computeReportFromJson(text),
      fromFiles: () => SpiEngine.fromFiles([{ name: "settings.json", data: text }]),
    };
    for (const [route, run] of Object.entries(routes)) {
      const error = thrown(run);
      assert.ok(error instanceof SpiError, route);
      assert.deepEqual([error.code, error.path], ["invalid_value", path], `${route}: ${error.message}`);
      assert.match(error.message, new RegExp(`${path.replaceAll(".", "\\.")}: unknown field`), route);
    }
  }
  // Spelled right, asOf is read from an object as from text.
  const engine = SpiEngine.fromObject({ settings: { asOf: "2026-01-01" } });
  assert.equal(engine.summary().asOf, "2026-01-01T00:00:00Z");
  engine.free();
});

test("a query past 200,000 figures is query_too_large at once, naming its numbers; the engine survives", () => {
  const engine = SpiEngine.fromObject(small);
  try {
    const started = performance.now();
    const error = thrown(() => engine.report({ from: "0001-01-01", to: "9999-12-31", cadence: "day" }));
    assert.ok(performance.now() - started < 2000, `refused after ${performance.now() - started} ms`);
    assert.ok(error instanceof SpiError);
    assert.equal(error.code, "query_too_large");
    // [0001-01-01, 9999-12-31): 9998 x 365 + 2424 leap days + 364 = 3,652,058 days.
    assert.match(error.message, /\(3652058 day buckets \+ 0 groups\)/);
    assert.match(error.message, /more than 200000 figures/);
    assert.equal(figure(engine.report(q1), "win_rate").value, 0.6);
  } finally {
    engine.free();
  }
});

test("every failure is an SpiError with a clean message, and its plain form survives structuredClone", () => {
  const bad = { deals: [{ id: "a", amount: "12k" }] };
  for (const run of [() => computeReport(bad), () => computeReportFromJson(JSON.stringify(bad))]) {
    const error = thrown(run);
    assert.ok(error instanceof SpiError && error instanceof Error);
    assert.equal(error.name, "SpiError");
    assert.equal(error.message, 'deals[0].amount: expected a number, got "12k"');
    const posted = structuredClone(error.toJSON());
    assert.deepEqual(posted, { name: "SpiError", code: "invalid_value", path: "deals[0].amount", message: error.message });
    const rebuilt = SpiError.from(posted);
    assert.ok(rebuilt instanceof SpiError);
    assert.deepEqual([rebuilt.code, rebuilt.path, rebuilt.message], ["invalid_value", "deals[0].amount", error.message]);
  }
  const wrongType = thrown(() => computeReport({ deals: { id: "a" } }));
  assert.equal(wrongType.message, "deals: invalid type: map, expected an array of records");
  // fromFiles names the file, and the file survives the plain form too.
  const inFile = thrown(() => SpiEngine.fromFiles([{ name: "opps.csv", data: "Id,Amount\n1,2\n", mapping: "no_such_preset" }]));
  assert.ok(inFile instanceof SpiError);
  assert.equal(SpiError.from(structuredClone(inFile.toJSON())).file, "opps.csv");
  // Anything else thrown becomes an SpiError under the fallback code, the original as cause.
  const other = SpiError.from(new TypeError("boom"), "read_failed");
  assert.deepEqual([other.code, other.message, other.cause instanceof TypeError], ["read_failed", "boom", true]);
});

test("free() is idempotent; a freed or consumed object is `freed`, not a null pointer", async () => {
  const engine = SpiEngine.fromObject(small);
  engine.free();
  engine.free();
  if (Symbol.dispose) engine[Symbol.dispose]();
  for (const call of [() => engine.report(q1), () => engine.summary(), () => engine.drill(q1, { indicator: "win_rate" })]) {
    const error = thrown(call);
    assert.ok(error instanceof SpiError);
    assert.equal(error.code, "freed");
    assert.match(error.message, /^this SpiEngine was freed/);
  }
  const loader = SpiEngine.loader();
  loader.push(new TextEncoder().encode(JSON.stringify(small)));
  const done = loader.finish();
  assert.equal(done.summary().deals, 6);
  assert.equal(thrown(() => loader.push(new Uint8Array(1))).code, "freed");
  assert.equal(thrown(() => loader.bytesRead).code, "freed");
  loader.free();
  done.free();
  // A stream that fails is an SpiError too, with the stream's error as the cause.
  const failing = new ReadableStream({ pull: (c) => c.error(new Error("connection reset")) });
  const rejected = await SpiEngine.fromStream(failing).then(() => null, (e) => e);
  assert.ok(rejected instanceof SpiError);
  assert.deepEqual([rejected.code, rejected.message, rejected.cause?.message], ["read_failed", "connection reset", "connection reset"]);
});

test("a call before init() is not_initialized, with no TypeError", () => {
  // A fresh process that imports the browser entry (no init on import) and forgets init().
  const entry = join(root, "pkg/index.js");
  const script = `
    import { computeReport, SpiEngine, SpiError } from ${JSON.stringify(entry)};
    const out = [];
    for (const call of [() => computeReport({}), () => SpiEngine.fromJson("{}")]) {
      try { call(); out.push("no error"); } catch (e) { out.push([e instanceof SpiError, e.code, e.message]); }
    }
    console.log(JSON.stringify(out));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
  assert.deepEqual(out.map((r) => r.slice(0, 2)), [[true, "not_initialized"], [true, "not_initialized"]]);
  assert.match(out[0][2], /call `await init\(\)`.* before computeReport$/);
  assert.match(out[1][2], /before SpiEngine\.fromJson$/);
});

test("a module that does not compile is init_failed naming WebAssembly SIMD, from init() and initSync()", () => {
  // An engine without SIMD fails to compile the module (a CompileError); bytes that are not a
  // module fail the same way, which is how this is tested (no Node can turn SIMD off).
  const entry = join(root, "pkg/index.js");
  const script = `
    import init, { initSync, SpiError } from ${JSON.stringify(entry)};
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]);
    const out = [];
    try { await init({ module_or_path: bytes }); out.push("no error"); } catch (e) { out.push([e instanceof SpiError, e.code, e.message, e.cause?.name]); }
    try { initSync({ module: bytes }); out.push("no error"); } catch (e) { out.push([e instanceof SpiError, e.code, e.message, e.cause?.name]); }
    console.log(JSON.stringify(out));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
  for (const [isSpi, code, message, cause] of out) {
    assert.deepEqual([isSpi, code, cause], [true, "init_failed", "CompileError"]);
    assert.match(message, /could not be compiled .* needs WebAssembly SIMD: Chrome 91\+, Firefox 89\+, Safari 16\.4\+/);
  }
  assert.equal(out.length, 2);
});

/** A ReadableStream of `bytes` in `size`-byte chunks. */
function chunked(bytes, size) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

// tests/fixtures/hubspot_search.json (HubSpot CRM v3 search): in Q1 2026, deals 101, 103, 106
// won (12,000 + 3,000.50 + 1,500 = 16,500.5), 102 and 104 lost (8,000 + 5,000); six created,
// worth 16,500.5 + 13,000 + 7,000 (105, open) = 36,500.5.
function assertSearchNumbers(report, route) {
  const win = figure(report, "win_rate");
  assert.deepEqual([win.value, win.numerator, win.denominator], [0.6, 3, 5], route);
  assert.equal(figure(report, "win_rate_by_value").value, 16500.5 / 29500.5, route);
  assert.equal(figure(report, "average_deal_size").value, 16500.5 / 3, route);
  const created = figure(report, "pipeline_created");
  assert.deepEqual([created.value, created.sampleSize], [36500.5, 6], route);
}

test("a HubSpot search response reads the same through every entry", async () => {
  const bytes = new TextEncoder().encode(searchText);
  const withEngine = (engine) => {
    try {
      assert.equal(engine.summary().deals, 6);
      return engine.report(q1);
    } finally {
      engine.free();
    }
  };
  const routes = {
    "fromJson(string)": () => withEngine(SpiEngine.fromJson(searchText)),
    "fromJson(Uint8Array)": () => withEngine(SpiEngine.fromJson(bytes)),
    "fromJson(ArrayBuffer)": () => withEngine(SpiEngine.fromJson(bytes.buffer)),
    "computeReportFromJson": () => computeReportFromJson(searchText, q1),
    "computeReport(object)": () => computeReport(JSON.parse(searchText), q1),
    "fromObject": () => withEngine(SpiEngine.fromObject(JSON.parse(searchText))),
    "fromFiles": () => withEngine(SpiEngine.fromFiles([{ name: "search.json", data: bytes }])),
  };
  for (const [route, run] of Object.entries(routes)) assertSearchNumbers(run(), route);
  for (const size of [7, 100, 1 << 20]) {
    const progress = [];
    const engine = await SpiEngine.fromStream(chunked(bytes, size), { onProgress: (p) => progress.push(p.bytesRead) });
    assertSearchNumbers(withEngine(engine), `fromStream, ${size}-byte chunks`);
    assert.equal(progress.at(-1), bytes.length);
  }
});

test("Salesforce `records` and Pipedrive `data` responses: fromJson and fromStream give fromFiles' report", async () => {
  for (const file of ["salesforce_api.json", "pipedrive_api.json", "hubspot_api.json"]) {
    const bytes = new Uint8Array(readFileSync(join(root, "tests/fixtures/csv", file)));
    const report = (engine) => {
      try {
        assert.ok(engine.summary().deals > 0, file);
        return engine.report();
      } finally {
        engine.free();
      }
    };
    const expected = report(SpiEngine.fromFiles([{ name: file, data: bytes }]));
    assert.deepStrictEqual(report(SpiEngine.fromJson(bytes)), expected, file);
    assert.deepStrictEqual(computeReportFromJson(bytes), expected, file);
    assert.deepStrictEqual(report(await SpiEngine.fromStream(chunked(bytes, 64))), expected, file);
  }
});

test("an API response longer than the first look (64 KB) is read whole: 1000 won, 1000 lost", async () => {
  const results = Array.from({ length: 2000 }, (_, i) => ({
    id: String(i + 1),
    properties: {
      amount: "10", dealname: `deal ${i + 1}`, createdate: "2026-01-10T00:00:00.000Z", closedate: "2026-02-10T00:00:00Z",
      dealstage: i % 2 === 0 ? "closedwon" : "closedlost", hs_is_closed: "true", hs_is_closed_won: String(i % 2 === 0),
    },
    createdAt: "2026-01-10T00:00:00.000Z", updatedAt: "2026-02-10T00:00:00.000Z", archived: false,
  }));
  const text = JSON.stringify({ total: 2000, results, paging: { next: { after: "2000" } } });
  assert.ok(text.length > 64 * 1024);
  const check = (report, route) => {
    const win = figure(report, "win_rate");
    assert.deepEqual([win.value, win.numerator, win.denominator], [0.5, 1000, 2000], route);
    assert.deepEqual([figure(report, "pipeline_created").value, figure(report, "pipeline_created").sampleSize], [20000, 2000], route);
  };
  check(computeReportFromJson(text, q1), "computeReportFromJson");
  const engine = await SpiEngine.fromStream(chunked(new TextEncoder().encode(text), 4096));
  try {
    check(engine.report(q1), "fromStream");
  } finally {
    engine.free();
  }
});
