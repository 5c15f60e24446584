// JS objects (`computeReport`, `SpiEngine.fromObject`) cross as JSON bytes (js/objects.js): the
// same report as the bytes route, and loud where JSON.stringify alone would be silent (NaN,
// Infinity, an invalid Date, a function), with what each special value becomes written out here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { computeReport, computeReportFromJson, SpiEngine } from "spi-wasm";
import { checkObject, PLAIN, HAS_BIGINT, CONVERT } from "../../pkg/objects.js";
import { generateAlt } from "../../benches/gen-alt.mjs";
import { datasetFixtures, thrown } from "./helpers.mjs";

const encode = (text) => new TextEncoder().encode(text);
const year = { from: "2026-01-01", to: "2027-01-01", cadence: "quarter", groupBy: ["owner"] };

/** The report of `engine` under `query`, the engine freed. */
function reportOf(engine, query) {
  try {
    return engine.report(query);
  } finally {
    engine.free();
  }
}

test("objects and bytes give deep-equal reports: a generated dataset and every fixture", () => {
  const { text } = generateAlt(2000, 5);
  const cases = [{ name: "gen-alt 2000", text, query: { ...year, from: "2024-01-01" } }, ...datasetFixtures()];
  for (const c of cases) {
    const object = JSON.parse(c.text);
    // The fast path is the one under test (no record rewritten first).
    assert.equal(checkObject(object), PLAIN, c.name);
    const bytes = outcome(() => computeReportFromJson(encode(c.text), c.query));
    assert.deepStrictEqual(outcome(() => computeReport(object, c.query)), bytes, c.name);
    assert.deepStrictEqual(outcome(() => reportOf(SpiEngine.fromObject(object), c.query)), bytes, c.name);
  }
});

/** {report} or {error: [code, path, message]}: fixtures include refused inputs. */
function outcome(run) {
  try {
    return { report: run() };
  } catch (e) {
    return { error: [e.code, e.path, e.message] };
  }
}

test("edge values: undefined is absent, a Date is its ISO string, a BigInt its decimal digits", () => {
  const created = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const object = {
    settings: { asOf: new Date(Date.UTC(2026, 11, 1)), currency: "USD", timeZone: undefined },
    deals: [
      { id: "D-1", owner: "Ann", amount: 12000n, stage: "won", createdAt: created, closedAt: new Date(Date.UTC(2026, 2, 1)), name: undefined },
      { id: 7n, owner: "Ann", amount: "500", stage: "lost", createdAt: 1767225600000n, closedAt: "2026-04-01", segment: undefined },
      { id: "D-3", owner: undefined, amount: 2n ** 70n, stage: "won", createdAt: "2026-02-01", closedAt: "2026-05-01" },
    ],
  };
  assert.equal(checkObject(object), HAS_BIGINT);
  // The same data written by hand as JSON text: what each value must become.
  const text = `{"settings": {"asOf": "2026-12-01T00:00:00.000Z", "currency": "USD"}, "deals": [
    {"id": "D-1", "owner": "Ann", "amount": "12000", "stage": "won", "createdAt": "2026-01-02T03:04:05.000Z", "closedAt": "2026-03-01T00:00:00.000Z"},
    {"id": "7", "owner": "Ann", "amount": "500", "stage": "lost", "createdAt": "1767225600000", "closedAt": "2026-04-01"},
    {"id": "D-3", "amount": "1180591620717411303424", "stage": "won", "createdAt": "2026-02-01", "closedAt": "2026-05-01"}]}`;
  const report = computeReport(object, year);
  assert.deepStrictEqual(report, computeReportFromJson(text, year));
  const engine = SpiEngine.fromObject(object);
  assert.deepStrictEqual(reportOf(engine, year), report);
  // By hand: D-1 won (12,000) and D-2 lost (500) in Q1-Q2; D-3's 2^70 is past 1e15, a counted
  // warning, so it counts as won but stays out of amounts.
  const winRate = report.indicators.find((i) => i.id === "win_rate");
  assert.deepEqual([winRate.numerator, winRate.denominator], [2, 3]);
  const byValue = report.indicators.find((i) => i.id === "win_rate_by_value");
  assert.deepEqual([byValue.numerator, byValue.denominator], [12000, 12500]);
  assert.deepEqual(report.warnings.filter((w) => w.code === "amount_too_large").map((w) => [w.count, w.examples]), [[1, ["D-3"]]]);
  // The Date became its instant, not `{}` (which would be an error) nor a missing date.
  const summary = SpiEngine.fromObject(object);
  assert.equal(summary.summary().first, "2026-01-01T00:00:00Z");
  summary.free();
});

test("values JSON text cannot carry stay loud: refused at their path with invalid_value", () => {
  const date = new Date(Date.UTC(2026, 0, 2));
  const cases = [
    [{ deals: [{ id: "D-1", createdAt: date, amount: NaN }] }, "deals[0].amount", "expected a finite number, got NaN"],
    [{ deals: [{ id: "D-1", createdAt: date }, { id: "D-2", history: [{ at: date, amount: -Infinity }] }] }, "deals[1].history[0].amount", "expected a finite number, got -Infinity"],
    [{ deals: [{ id: "D-1", createdAt: new Date(NaN) }] }, "deals[0].createdAt", "expected a date, got an invalid Date"],
    [{ fx: { EUR: Infinity }, deals: [{ id: "D-1", closedAt: date }] }, "fx.EUR", "expected a finite number, got Infinity"],
    // In a Map and in a class instance: the path goes through them.
    [{ fx: new Map([["GBP", [{ from: "2026-01-01", rate: NaN }]]]) }, "fx.GBP[0].rate", "expected a finite number, got NaN"],
    // Where the engine reads nothing (the field-by-field route ignored these): still loud.
    [{ deals: [{ id: "D-1", custom: { score: NaN } }] }, "deals[0].custom.score", "expected a finite number, got NaN"],
    [{ deals: [{ id: "D-1", amount: 5, onClick: () => 1 }] }, "deals[0].onClick", "expected a JSON value, got a function"],
    [{ settings: { asOf: "2026-01-01", currency: Symbol("USD") } }, "settings.currency", "expected a JSON value, got a symbol"],
    // The 300th record: past the first batch of 256, the path counts from the collection's start.
    [{ deals: Array.from({ length: 300 }, (_, i) => ({ id: `D-${i}`, amount: i === 299 ? NaN : i })) }, "deals[299].amount", "expected a finite number, got NaN"],
  ];
  for (const [data, path, message] of cases) {
    assert.equal(checkObject(data), CONVERT, path);
    for (const run of [() => computeReport(data), () => SpiEngine.fromObject(data)]) {
      const error = thrown(run);
      assert.deepEqual([error.name, error.code, error.path], ["SpiError", "invalid_value", path], error.message);
      assert.equal(error.message, `${path}: ${message}`);
    }
  }
  // And the module is fine after them (the loader of a refused object was freed).
  assert.equal(computeReport({ deals: [{ id: "D-1", amount: 5 }] }).currency, "USD");
});

test("objects stringify would flatten are read as the objects they stand for: a Map, a class instance, a cycle", () => {
  class Deal {
    constructor(id, amount) {
      Object.assign(this, { id, amount, stage: "won", createdAt: "2026-01-05", closedAt: "2026-02-01" });
    }
  }
  const looped = { id: "D-2", amount: 50, stage: "lost", createdAt: "2026-01-05", closedAt: "2026-02-01" };
  looped.self = looped;
  const deep = { id: "D-3", amount: 1, stage: "won", createdAt: "2026-01-05", closedAt: "2026-02-01", nested: {} };
  for (let i = 0, at = deep.nested; i < 100; i++) at = at.next = {};
  const data = { fx: new Map([["EUR", 2]]), deals: [Object.assign(new Deal("D-1", 100), { currency: "EUR" }), looped, deep] };
  assert.equal(checkObject(data), CONVERT);
  const plain = { fx: { EUR: 2 }, deals: [{ ...new Deal("D-1", 100), currency: "EUR" }, { ...looped, self: undefined }, { ...deep, nested: undefined }] };
  assert.equal(checkObject(plain), PLAIN);
  const report = computeReport(data, year);
  assert.deepStrictEqual(report, computeReport(plain, year));
  assert.deepStrictEqual(reportOf(SpiEngine.fromObject(data), year), report);
  // By hand: 100 EUR at 2 = 200 won, 50 lost, 1 won.
  const byValue = report.indicators.find((i) => i.id === "win_rate_by_value");
  assert.deepEqual([byValue.numerator, byValue.denominator], [201, 251]);
  // The whole dataset as a Map (as the field-by-field route read it), and a class instance.
  class Data {
    constructor() {
      this.deals = plain.deals;
    }
  }
  assert.deepStrictEqual(computeReport(new Map([["fx", { EUR: 2 }], ["deals", plain.deals]]), year), report);
  assert.deepStrictEqual(computeReport(Object.assign(new Data(), { fx: { EUR: 2 } }), year), report);
});

test("undefined as a record is refused as null is, at the record; in a list the engine does not read it is null", () => {
  for (const record of [undefined, null]) {
    for (const run of [() => computeReport({ deals: [{ id: "D-0" }, record] }), () => SpiEngine.fromObject({ deals: [{ id: "D-0" }, record] })]) {
      const error = thrown(run);
      assert.deepEqual([error.code, error.path], ["invalid_value", "deals[1]"], error.message);
    }
  }
  const data = { deals: [{ id: "D-1", amount: 5, stage: "won", createdAt: "2026-01-05", closedAt: "2026-02-01", tags: [1, undefined] }] };
  assert.deepStrictEqual(computeReport(data, year), computeReportFromJson(JSON.stringify(data), year));
});

test("a batch longer than the route's buffer, with characters cut across its edge, crosses whole", () => {
  // Six owners of 600 KB of UTF-8 each (under the 1 MB string limit) in one batch of 3.6 MB (the
  // buffer is 2 MB): surrogate pairs and 2-byte characters.
  const owners = [..."abcdef"].map((c) => c + "😀é".repeat(100000));
  const deals = owners.map((owner, i) => ({ id: `D-${i}`, owner, amount: 10 + i, stage: i % 2 ? "won" : "lost", createdAt: "2026-01-05", closedAt: "2026-02-01" }));
  const report = computeReport({ deals }, year);
  assert.deepStrictEqual(report, computeReportFromJson(encode(JSON.stringify({ deals })), year));
  assert.deepEqual(report.groups.owner.map((g) => g.group).sort(), owners);
});

test("names beyond ASCII cross byte for byte: CJK, emoji, Latin-1, across batches; a lone surrogate is refused as from text", () => {
  // Batches of one-byte and of two-byte text (V8 stringifies a batch into two-byte text as soon
  // as one of its strings needs it: CJK, emoji), the first all ASCII.
  const names = ["李娜", "Zoë 😀", "Société Générale", "王 伟 \u{1F3E2}", "Ann"];
  const deals = Array.from({ length: 700 }, (_, i) => ({ id: `D-${i}`, owner: i < 256 ? "Ann" : names[i % names.length], amount: 10 + i, stage: i % 3 ? "won" : "lost", createdAt: "2026-01-05", closedAt: "2026-02-01" }));
  const text = JSON.stringify({ deals });
  const report = computeReport({ deals }, year);
  assert.deepStrictEqual(report, computeReportFromJson(encode(text), year));
  assert.deepStrictEqual(reportOf(SpiEngine.fromObject({ deals }), year), report);
  assert.deepEqual(report.groups.owner.map((g) => g.group).sort(), [...names].sort());
  // JSON.stringify writes a lone surrogate as an escape (`\ud800`), which the reader refuses: the
  // same error, at the same record and column, from the objects as from their text.
  for (const lone of ["\ud800", "\udc00"]) {
    const data = { deals: deals.map((d, i) => (i === 300 ? { ...d, owner: `lone ${lone} half` } : d)) };
    const fromText = outcome(() => computeReportFromJson(encode(JSON.stringify(data)), year));
    assert.equal(fromText.error?.[1], "deals[300].owner");
    assert.deepStrictEqual(outcome(() => computeReport(data, year)), fromText);
    assert.deepStrictEqual(outcome(() => reportOf(SpiEngine.fromObject(data), year)), fromText);
  }
});
