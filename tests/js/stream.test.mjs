// Streaming loads: `SpiEngine.loader()` fed chunks of any size and `SpiEngine.fromStream` over a
// ReadableStream give exactly what `fromJson` gives (reports, summaries, errors), report
// progress, stop reading a refused file, and `fromJson` itself (which copies its input 8 MB at a
// time) keeps text intact across those pieces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SpiEngine } from "spi-wasm";
import { datasetFixtures, root } from "./helpers.mjs";

const sample = readFileSync(join(root, "www/sample.json"));
const query = { from: "2025-01-01", to: "2026-07-01", cadence: "month", groupBy: ["owner"] };

function loaded(engine) {
  try {
    return { summary: engine.summary(), report: engine.report(query) };
  } finally {
    engine.free();
  }
}

function pushAll(bytes, size) {
  const loader = SpiEngine.loader(bytes.length);
  for (let at = 0; at < bytes.length; at += size) loader.push(bytes.subarray(at, at + size));
  return loader.finish();
}

function failure(f) {
  try {
    f();
  } catch (e) {
    return { code: e.code, path: e.path, message: e.message, isError: e instanceof Error };
  }
  assert.fail("expected an error");
}

test("a loader fed chunks of any size gives fromJson's summary and report", () => {
  const expected = loaded(SpiEngine.fromJson(sample));
  assert.ok(expected.summary.deals > 1000);
  for (const size of [997, 65_536, 1 << 20]) assert.deepEqual(loaded(pushAll(sample, size)), expected, `chunks of ${size}`);
  for (const fx of datasetFixtures()) {
    const bytes = new TextEncoder().encode(fx.text);
    assert.deepEqual(loaded(pushAll(bytes, 1)), loaded(SpiEngine.fromJson(bytes)), fx.name);
  }
});

/** A stream of `bytes` in 64 KB chunks, as a browser's `file.stream()` delivers a file. */
function chunked(bytes) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 65_536));
      at += 65_536;
    },
  });
}

test("fromStream reads a ReadableStream, reporting bytes and records as it goes", async () => {
  const seen = [];
  const engine = await SpiEngine.fromStream(chunked(sample), {
    totalBytes: sample.length,
    onProgress: (p) => seen.push(p),
  });
  const got = loaded(engine);
  assert.deepEqual(got, loaded(SpiEngine.fromJson(sample)));
  assert.equal(seen.length, Math.ceil(sample.length / 65_536));
  for (const [i, p] of seen.entries()) {
    assert.equal(p.totalBytes, sample.length);
    if (i > 0) {
      assert.ok(p.bytesRead > seen[i - 1].bytesRead);
      assert.ok(p.recordsRead >= seen[i - 1].recordsRead);
    }
  }
  const s = got.summary;
  const last = seen.at(-1);
  assert.equal(last.bytesRead, sample.length);
  assert.equal(last.recordsRead, s.deals + s.leads + s.activities + s.contacts + s.quotas + s.forecasts);
  // Options are optional.
  assert.equal(loaded(await SpiEngine.fromStream(new Blob([sample]).stream())).summary.deals, s.deals);
});

test("a streamed load fails as fromJson fails: same code, path and message", async () => {
  const text = sample.toString("utf8");
  const at = text.indexOf('"amount":', text.indexOf('{"id":"D-1500"'));
  const bad = new TextEncoder().encode(`${text.slice(0, at)}"amount": "12k", ${text.slice(at)}`);
  const expected = failure(() => SpiEngine.fromJson(bad));
  assert.equal(expected.code, "invalid_value");
  assert.equal(expected.path, "deals[1499].amount");
  assert.deepEqual(failure(() => pushAll(bad, 4096)), expected);
  const rejected = await SpiEngine.fromStream(chunked(bad)).then(() => null, (e) => e);
  assert.deepEqual({ code: rejected.code, path: rejected.path, message: rejected.message, isError: rejected instanceof Error }, expected);

  const broken = new TextEncoder().encode(`${text.slice(0, at)}"amount": 12,, ${text.slice(at)}`);
  const syntax = failure(() => SpiEngine.fromJson(broken));
  assert.equal(syntax.code, "invalid_json");
  assert.match(syntax.message, /\(line \d+, column \d+\)$/);
  assert.deepEqual(failure(() => pushAll(broken, 333)), syntax);
});

test("a refused stream is cancelled, and the loader refuses everything after an error", async () => {
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream({
    pull(controller) {
      pulls += 1;
      controller.enqueue(new TextEncoder().encode(pulls === 1 ? '{"deals": [{"id": "a", "amount": "12k"},' : '{"id": "b"},'));
    },
    cancel() {
      cancelled = true;
    },
  });
  const e = await SpiEngine.fromStream(stream).then(() => null, (error) => error);
  assert.deepEqual([e.code, e.path], ["invalid_value", "deals[0].amount"]);
  assert.ok(cancelled, "the stream was cancelled");
  assert.ok(pulls <= 3, `${pulls} chunks pulled`);

  const loader = SpiEngine.loader();
  const first = failure(() => loader.push(new TextEncoder().encode('{"deals": x, ')));
  assert.equal(first.code, "invalid_json");
  assert.equal(first.message, "deals: expected value (line 1, column 11)");
  assert.deepEqual(failure(() => loader.push(new TextEncoder().encode("]}"))), first);
  assert.deepEqual(failure(() => loader.finish()), first);
  assert.equal(failure(() => SpiEngine.loader().push("text")).code, "invalid_argument");
});

test("an input over the size limit is refused before it is read", async () => {
  const e = failure(() => SpiEngine.loader(3e9));
  assert.deepEqual([e.code, e.path, e.isError], ["input_too_large", "", true]);
  assert.match(e.message, /3,000,000,000 bytes; the limit is 2,500,000,000 bytes/);
  const stream = chunked(sample);
  const rejected = await SpiEngine.fromStream(stream, { totalBytes: 3e9 }).then(() => null, (error) => error);
  assert.equal(rejected.code, "input_too_large");
  assert.equal(stream.locked, false, "no reader was taken");
});

test("fromJson(string) keeps a character split across its 8 MB pieces", () => {
  const piece = 8 << 20;
  const head = "{";
  const record = '"deals": [{"id": "d1", "owner": "\u{1F600}", "createdAt": "2026-01-01"}]}';
  // Whitespace up to where the emoji's two UTF-16 code units straddle the piece boundary.
  const padding = piece - 1 - head.length - record.indexOf("\u{1F600}");
  const text = head + " ".repeat(padding) + record;
  assert.equal(text.charCodeAt(piece - 1), 0xd83d);
  const engine = SpiEngine.fromJson(text);
  try {
    assert.deepEqual(engine.summary().owners, ["\u{1F600}"]);
  } finally {
    engine.free();
  }
});

// A page hands fromStream the dropped file's name: errors then read as fromFiles' do (the name
// first, and in `file`), and a CRM API response's source report names the file, not "source 1".
test("a named stream: the name in errors and in an API response's source report, as fromFiles gives them", async () => {
  const text = sample.toString("utf8");
  const at = text.indexOf('"amount":', text.indexOf('{"id":"D-1500"'));
  const bad = new TextEncoder().encode(`${text.slice(0, at)}"amount": "12k", ${text.slice(at)}`);
  const fields = (e) => ({ code: e.code, path: e.path, message: e.message, file: e.file });
  let files;
  try {
    SpiEngine.fromFiles([{ name: "deals.json", data: bad }]);
  } catch (e) {
    files = fields(e);
  }
  assert.equal(files?.message, `deals.json: ${failure(() => SpiEngine.fromJson(bad)).message}`);
  const rejected = await SpiEngine.fromStream(chunked(bad), { name: "deals.json" }).then(() => null, (e) => e);
  assert.deepEqual(fields(rejected), files);

  // One page of three (Salesforce says so with done:false and nextRecordsUrl).
  const page = readFileSync(join(root, "tests/fixtures/csv/salesforce_api.json"), "utf8")
    .replace('"done": true', '"done": false, "nextRecordsUrl": "/services/data/v59.0/query/01g-2000"')
    .replace('"totalSize": 4', '"totalSize": 12');
  const bytes = new TextEncoder().encode(page);
  const streamed = loaded(await SpiEngine.fromStream(chunked(bytes), { name: "Opportunity-1.json" }));
  const [source] = streamed.summary.sources;
  assert.equal(source.name, "Opportunity-1.json");
  assert.ok(source.warnings.some((w) => w.code === "partial_response"), source.warnings.map((w) => w.code).join());
  assert.deepEqual(streamed, loaded(SpiEngine.fromFiles([{ name: "Opportunity-1.json", data: bytes }])));
  // Without a name, as before: the source is numbered.
  assert.equal(loaded(await SpiEngine.fromStream(chunked(bytes))).summary.sources[0].name, null);
});

test("fromStream's options and fromFiles' file fields refuse a misspelled key at its path", async () => {
  const rejected = await SpiEngine.fromStream(chunked(sample), { totalbytes: sample.length }).then(() => null, (e) => e);
  assert.deepEqual([rejected?.code, rejected?.path, rejected?.message],
    ["invalid_value", "options.totalbytes", "options.totalbytes: unknown option: expected totalBytes, name or onProgress"]);
  assert.deepEqual(failure(() => SpiEngine.fromFiles([{ name: "deals.json", data: sample, maping: "hubspot_api" }])),
    { code: "invalid_value", path: "files[0].maping", message: "files[0].maping: unknown field: expected name, data or mapping", isError: true });
  assert.equal(failure(() => SpiEngine.fromFiles([{ name: "a.json", data: sample }], { setting: {} })).message, "options.setting: unknown option: expected settings");
});
