// spi-wasm/worker under Node: the engine in a worker_threads thread (pkg/worker-node.js). Loads
// from bytes, text, objects, Blobs, streams and CSV files; reports as the native CLI computes them;
// errors rebuilt into SpiError with code and path; progress; cancellation; and the newest request
// wins (an older load or report settles as `superseded`, before the newer one, and never replaces
// it or hides its error).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root, nativeReport } from "./helpers.mjs";

const { startEngine, SpiWorkerEngine, SpiError } = await import(join(root, "pkg/worker-node.js"));
const { SpiError: MainSpiError } = await import(join(root, "pkg/node.js"));

const smallPath = join(root, "tests/fixtures/small.json");
const queryPath = join(root, "tests/fixtures/small_query.json");
const smallText = readFileSync(smallPath, "utf8");
const query = JSON.parse(readFileSync(queryPath, "utf8"));
/** 6 deals in tests/fixtures/small.json (counted in the file). */
const SMALL_DEALS = 6;

/** A stream of `text` in `size`-byte chunks, one every `delay` ms; `state.cancelled` once cancelled. */
function slowStream(text, { size = 64, delay = 20 } = {}, state = {}) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, delay));
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
    cancel() {
      state.cancelled = true;
    },
  });
}

/** A big canonical document: `n` copies of the small fixture's deals, ids made unique. */
function bigText(n) {
  const data = JSON.parse(smallText);
  data.deals = Array.from({ length: n }, (_, i) => data.deals.map((d) => ({ ...d, id: `${d.id}-${i}` }))).flat();
  return JSON.stringify(data);
}

function engine(t) {
  const e = startEngine();
  t.after(() => e.terminate());
  return e;
}

test("loads every kind of source and reports as the native CLI", async (t) => {
  const e = engine(t);
  assert.ok(e instanceof SpiWorkerEngine);
  const expected = nativeReport(smallPath, queryPath);
  const bytes = new TextEncoder().encode(smallText);
  const sources = {
    text: smallText,
    bytes,
    arrayBuffer: bytes.buffer.slice(0),
    object: JSON.parse(smallText),
    blob: new Blob([smallText]),
    file: new File([smallText], "small.json"),
    stream: slowStream(smallText, { size: 1000, delay: 0 }),
    files: [new File([smallText], "small.json")],
  };
  for (const [kind, source] of Object.entries(sources)) {
    const summary = await e.load(source);
    assert.equal(summary.deals, SMALL_DEALS, kind);
    assert.ok(Array.isArray(summary.periods) && summary.periods.length > 0, kind);
    assert.deepStrictEqual(await e.report(query), expected, kind);
  }
  assert.deepEqual((await e.summary()).deals, SMALL_DEALS);
  assert.ok((await e.namedPeriods()).some((p) => p.id === "this_quarter"));
  assert.ok((await e.fields()).deals.includes("amount"));
  // The catalog lists the indicators a report computes, in the report's order.
  assert.deepEqual((await e.catalog()).map((c) => c.id), expected.indicators.map((i) => i.id));
  assert.ok((await e.fields()).deals.includes("lostReason"), "a mapping may name a deal's lost reason");
});

test("a CSV export loads by its name, and several files make one dataset", async (t) => {
  const e = engine(t);
  const csvPath = join(root, "tests/fixtures/csv/salesforce_opportunities.csv");
  const csv = readFileSync(csvPath, "utf8");
  // 4 opportunities (006A to 006D); the report's footer lines are not records.
  const rows = 4;
  assert.equal(csv.match(/,"006[A-Z]"$/gm).length, rows);
  const one = await e.load(csv, { name: "opportunities.csv", mapping: "salesforce" });
  assert.equal(one.deals, rows);
  const settings = new File(['{"settings": {"currency": "EUR"}}'], "settings.json");
  const both = await e.load([settings, { name: "opportunities.csv", data: new Blob([csv]) }], { mappings: { "opportunities.csv": "salesforce" } });
  assert.equal(both.deals, rows);
  assert.equal((await e.report({})).currency, "EUR");
});

test("errors cross the worker as SpiError with code and path", async (t) => {
  const e = engine(t);
  const bad = await e.load({ deals: [{ id: "a", amount: "12k" }] }).catch((x) => x);
  assert.ok(bad instanceof SpiError && bad instanceof Error, String(bad));
  assert.ok(bad instanceof MainSpiError, "one SpiError class (error.js) behind both entries");
  assert.equal(bad.code, "invalid_value");
  assert.equal(bad.path, "deals[0].amount");
  // After a failed load there is no dataset: a report says so instead of using older data.
  assert.equal((await e.report(query).catch((x) => x)).code, "no_dataset");

  await e.load(smallText);
  const misspelled = await e.report({ cadance: "month" }).catch((x) => x);
  assert.equal(misspelled.code, "invalid_query");
  assert.match(misspelled.message, /cadance/);
  const csv = await e.load("id,amount\na,1\n", { name: "x.csv", mapping: "nonexistent-preset" }).catch((x) => x);
  assert.ok(csv instanceof SpiError);
  assert.equal(csv.file, "x.csv");
});

test("a streamed load reports progress in bytes and records", async (t) => {
  const e = engine(t);
  const text = bigText(200);
  const seen = [];
  const summary = await e.load(slowStream(text, { size: 4096, delay: 15 }), { totalBytes: text.length, onProgress: (p) => seen.push(p) });
  assert.equal(summary.deals, SMALL_DEALS * 200);
  const reading = seen.filter((p) => p.phase === "reading");
  assert.ok(reading.length >= 3, JSON.stringify(seen));
  assert.ok(reading.every((p) => p.total === text.length));
  for (let i = 1; i < reading.length; i++) assert.ok(reading[i].loaded >= reading[i - 1].loaded);
  assert.ok(reading.some((p) => p.records > 0 && p.records < SMALL_DEALS * 200), JSON.stringify(reading));
  // Throttled: fewer messages than chunks (one per chunk would be one per 15 ms; the throttle is
  // 100 ms). Counted, not timed: the last message may or may not fall on the last chunk.
  const chunks = Math.ceil(text.length / 4096);
  assert.ok(reading.length < chunks, `throttled: ${reading.length} messages for ${chunks} chunks`);
});

test("a load is cancelled by its signal; the engine then loads again", async (t) => {
  const e = engine(t);
  const controller = new AbortController();
  const state = {};
  const pending = e.load(slowStream(bigText(50), { size: 256, delay: 20 }, state), { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const error = await pending.catch((x) => x);
  assert.ok(error instanceof SpiError);
  assert.equal(error.code, "aborted");
  assert.equal((await e.report(query).catch((x) => x)).code, "no_dataset");
  assert.equal((await e.load(smallText)).deals, SMALL_DEALS);
  assert.equal((await e.load(smallText, { signal: AbortSignal.abort() }).catch((x) => x)).code, "aborted");
});

test("the newest request wins: a slow load then a bad one ends on the bad one's error", async (t) => {
  const e = engine(t);
  const order = [];
  const slow = e.load(slowStream(bigText(50), { size: 256, delay: 20 })).then(
    () => order.push("slow: loaded"),
    (x) => order.push(`slow: ${x.code}`),
  );
  await new Promise((r) => setTimeout(r, 100));
  const bad = e.load('{"deals": [{"id": "a", "amount": "12k"}]}').then(
    () => order.push("bad: loaded"),
    (x) => order.push(`bad: ${x.code} ${x.path}`),
  );
  await Promise.all([slow, bad]);
  assert.deepEqual(order, ["slow: superseded", "bad: invalid_value deals[0].amount"]);
  // The slow load's data never arrives later: the dataset is still none.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await e.report(query).catch((x) => x)).code, "no_dataset");
});

test("the newest report wins; a load supersedes pending reports", async (t) => {
  const e = engine(t);
  await e.load(smallText);
  const first = e.report({ cadence: "day" });
  const second = e.report(query);
  assert.equal((await first.catch((x) => x)).code, "superseded");
  assert.deepStrictEqual(await second, nativeReport(smallPath, queryPath));
  const third = e.report(query);
  const reload = e.load(smallText);
  assert.equal((await third.catch((x) => x)).code, "superseded");
  assert.equal((await reload).deals, SMALL_DEALS);
});

test("free drops the dataset (twice is harmless); terminate ends every call", async (t) => {
  const e = engine(t);
  await e.load(smallText);
  await e.free();
  await e.free();
  assert.equal((await e.report(query).catch((x) => x)).code, "no_dataset");
  assert.equal((await e.load(smallText)).deals, SMALL_DEALS);
  e.terminate();
  e.terminate();
  const after = await e.report(query).catch((x) => x);
  assert.equal(after.code, "terminated");
  assert.match(after.message, /^the spi-wasm worker engine was terminated$/);
});

test("the worker types declare exactly what both entries export", async () => {
  const dts = readFileSync(join(root, "pkg/worker-api.d.ts"), "utf8");
  const declared = [...dts.matchAll(/^export (?:declare )?(?:function|class) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, ["SpiWorkerEngine", "startEngine"]);
  const browser = await import(join(root, "pkg/worker-api.js"));
  const node = await import(join(root, "pkg/worker-node.js"));
  assert.equal((await import("spi-wasm/worker")).startEngine, node.startEngine, "Node resolves spi-wasm/worker to the worker-thread entry");
  for (const entry of [browser, node]) assert.deepEqual(Object.keys(entry).sort(), ["SpiError", "SpiWorkerEngine", "startEngine"]);
});

// A misspelled option or file field must not leave a load read otherwise than asked (here the
// misspelled mapping would have let the file be read as canonical JSON without a word).
test("a misspelled load option or file field is refused at its path, and the loaded dataset stays", async (t) => {
  const e = engine(t);
  await e.load(smallText);
  const option = await e.load(smallText, { maping: "hubspot_api" }).catch((x) => x);
  assert.ok(option instanceof SpiError, String(option));
  assert.deepEqual([option.code, option.path], ["invalid_value", "options.maping"]);
  assert.match(option.message, /^options\.maping: unknown option: expected signal, onProgress, name, mapping, mappings, totalBytes or settings$/);
  // The refused call superseded nothing: the dataset loaded before still answers.
  assert.equal((await e.report(query)).query.cadence, query.cadence ?? "week");
  const report = await e.report(query, { onprogress: () => {} }).catch((x) => x);
  assert.deepEqual([report.code, report.path, report.message], ["invalid_value", "options.onprogress", "options.onprogress: unknown option: expected onProgress"]);
  const field = await e.load([{ name: "deals.json", data: smallText, maping: "hubspot_api" }]).catch((x) => x);
  assert.ok(field instanceof SpiError, String(field));
  assert.deepEqual([field.code, field.path], ["invalid_value", "source[0].maping"]);
  assert.equal(field.message, "source[0].maping: unknown field: expected name, data or mapping");
});

// With the user's settings an object is read whole as JSON text: NaN must be refused at its path
// there too, as fromObject refuses it (a bare JSON.stringify wrote it as null: a missing amount).
test("an object loaded with settings refuses NaN at its path, and converts a Date", async (t) => {
  const e = engine(t);
  const settings = { currency: "EUR" };
  const bad = await e.load({ deals: [{ id: "a", amount: NaN, createdAt: "2026-01-02" }] }, { settings }).catch((x) => x);
  assert.ok(bad instanceof SpiError, String(bad));
  assert.deepEqual([bad.code, bad.path], ["invalid_value", "deals[0].amount"]);
  const summary = await e.load({ deals: [{ id: "a", amount: 5, createdAt: new Date("2026-01-02T00:00:00Z") }] }, { settings });
  assert.deepEqual([summary.deals, summary.currency, summary.first], [1, "EUR", "2026-01-02T00:00:00Z"]);
});
