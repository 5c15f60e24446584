// The bad-input gallery (tests/gallery/, the table tests/it/errors/bad_inputs.rs runs natively) through the
// built package: every case must throw a real Error with the same `code` and `path` (and message
// fragment), or report the same warning or health count, across the JS boundary. JSON files go
// in as bytes (`computeReportFromJson(Uint8Array)`) and, when `JSON.parse` reads their text, as
// objects (`computeReport`); CSV, CRM API and mapped files through `SpiEngine.fromFiles`.
// Messages are compared on the text routes only: JS data objects that JSON text cannot carry
// (NaN, Infinity) are refused by the package entry (js/objects.js) before the reader sees them,
// in JS's own spelling ("got -Infinity"). Queries cross as JSON text to the CLI's own reader, so their messages
// are compared too. Code and path must match on every route, and the message must start with the path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { computeReport, computeReportFromJson, SpiEngine } from "spi-wasm";
import { root } from "./helpers.mjs";

const gallery = join(root, "tests/gallery");
const cases = JSON.parse(readFileSync(join(gallery, "expected.json"), "utf8"));

/** The outcome of `run`: {report} or {error}; anything thrown that is not an Error fails. */
function outcome(run) {
  try {
    return { report: run() };
  } catch (error) {
    assert.ok(error instanceof Error, `a real Error, got ${error}`);
    return { error };
  }
}

function check(expect, got, label, messages = true) {
  if (expect.error) {
    assert.ok(got.error, `${label}: accepted, expected ${expect.error.code} at "${expect.error.path}"`);
    assert.deepEqual([got.error.code, got.error.path], [expect.error.code, expect.error.path], `${label}: ${got.error.message}`);
    if (expect.error.path) assert.ok(got.error.message.includes(`${expect.error.path}: `), `${label}: "${got.error.message}" names no path`);
    if (messages) assert.ok(got.error.message.includes(expect.error.message), `${label}: "${got.error.message}" lacks "${expect.error.message}"`);
    return;
  }
  assert.ok(got.report, `${label}: refused with ${got.error?.code} at "${got.error?.path}": ${got.error?.message}`);
  if (expect.warning) {
    const matching = got.report.warnings.filter((w) => w.code === expect.warning.code);
    assert.equal(matching.reduce((n, w) => n + w.count, 0), expect.warning.count, `${label}: ${expect.warning.code} count`);
    if (expect.warning.examples) assert.deepEqual(matching.flatMap((w) => w.examples), expect.warning.examples, label);
  }
  if (expect.health) {
    const { id, collection, count } = expect.health;
    assert.equal(got.report.health.find((h) => h.id === id && h.collection === collection)?.count, count, `${label}: health ${id}`);
  }
}

const filesRoute = (c) => c.file.endsWith(".csv") || "mapping" in c || c.via === "files";

/** The text of a JSON file when it is UTF-8 that `JSON.parse` reads, else undefined. */
function parsed(bytes) {
  try {
    return { value: JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes)) };
  } catch {
    return undefined;
  }
}

test("the gallery has its 40+ cases", () => assert.ok(cases.length >= 40, `${cases.length} cases`));

cases.forEach((c, i) => {
  test(`gallery #${i} ${c.file}${c.query ? ` with query ${JSON.stringify(c.query)}` : ""}`, () => {
    const bytes = new Uint8Array(readFileSync(join(gallery, c.file)));
    if (filesRoute(c)) {
      const got = outcome(() => {
        const engine = SpiEngine.fromFiles([{ name: c.file, data: bytes, mapping: c.mapping }]);
        try {
          return engine.report(c.query);
        } finally {
          engine.free();
        }
      });
      check(c, got, "fromFiles");
      if (got.error) assert.equal(got.error.file, c.file, "fromFiles errors name the file");
      return;
    }
    check(c, outcome(() => computeReportFromJson(bytes, c.query)), "computeReportFromJson(Uint8Array)");
    const object = parsed(bytes);
    const expect = !("objects" in c) ? c : c.objects === null ? null : { error: c.objects };
    if (object && expect) check(expect, outcome(() => computeReport(object.value, c.query)), "computeReport(object)", false);
  });
});

// Values only JS objects can hold: each refused with the path of the field.
test("NaN and Infinity handed over as JS numbers are refused, naming the field", () => {
  const cases = [
    [{ deals: [{ id: "D-1", amount: NaN }] }, "deals[0].amount", "expected a finite number, got NaN"],
    [{ deals: [{ id: "D-1" }, { id: "D-2", amount: -Infinity }] }, "deals[1].amount", "expected a finite number, got -Infinity"],
    [{ deals: [{ id: "D-1", history: [{ at: "2026-01-01", amount: Infinity }] }] }, "deals[0].history[0].amount", "got Infinity"],
    [{ deals: [{ id: "D-1", createdAt: NaN }] }, "deals[0].createdAt", "expected a finite number, got NaN"],
    [{ quotas: [{ start: "2026-01-01", end: "2026-03-31", amount: NaN }] }, "quotas[0].amount", "got NaN"],
    [{ fx: { EUR: NaN } }, "fx.EUR", "expected a finite number, got NaN"],
    [{ stages: [{ id: "discovery", probability: Infinity }] }, "stages[0].probability", "got Infinity"],
    [{ settings: { stalledAfterDays: NaN } }, "settings.stalledAfterDays", "got NaN"],
  ];
  for (const [data, path, message] of cases) {
    for (const run of [() => computeReport(data), () => SpiEngine.fromObject(data)]) {
      const { error } = outcome(run);
      assert.ok(error, `${path}: accepted`);
      assert.deepEqual([error.code, error.path], ["invalid_value", path], error.message);
      assert.ok(error.message.includes(message), `${path}: "${error.message}" lacks "${message}"`);
    }
  }
  // And the module still works.
  assert.equal(computeReport({ deals: [{ id: "D-1", amount: 5 }] }).currency, "USD");
});

test("a dataset that is not an object is refused with what was expected", () => {
  for (const [data, got] of [[null, "null"], [[{ id: "D-1" }], "an array"], ["deals", "a value of type string"], [42, "a value of type number"]]) {
    for (const run of [() => computeReport(data), () => SpiEngine.fromObject(data)]) {
      const { error } = outcome(run);
      assert.deepEqual([error?.code, error?.path], ["invalid_value", ""], String(error));
      assert.equal(error.message, `expected an object with deals, leads, activities, contacts, quotas, forecasts, stages, fx or settings, got ${got}`);
    }
  }
});
