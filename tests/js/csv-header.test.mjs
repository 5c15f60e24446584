// The page's CSV head reader (www/lib/csv-header.js), which feeds the column mapper: the same
// separator choice as the core, quotes with separators, quotes and line breaks inside, a BOM,
// CRLF, and a last record cut off by the end of a slice left out rather than returned short.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { csvHead, decodeHead, detectSeparator, headerStart, parseRecords } from "../../www/lib/csv-header.js";
import { root } from "./helpers.mjs";

test("the separator is the most frequent of , ; tab on the header line, outside quotes", () => {
  assert.equal(detectSeparator("a;b;c\n1,5;2;3"), ";");
  assert.equal(detectSeparator("a\tb\n"), "\t");
  assert.equal(detectSeparator('"x;y",b,c\n'), ",");
  assert.equal(detectSeparator("single\n"), ",");
  assert.equal(detectSeparator("a;b,c\n"), ","); // a tie goes to the comma, as in the core
});

test("quoted fields hold separators, doubled quotes and line breaks", () => {
  const text = 'id,name,note\r\n1,"Lee, Ann","said ""hi"""\r\n2,Bo,"two\nlines"\r\n';
  assert.deepEqual(parseRecords(text, ","), [["id", "name", "note"], ["1", "Lee, Ann", 'said "hi"'], ["2", "Bo", "two\nlines"]]);
});

test("a BOM is not part of the first column; blank lines are not rows; rows are limited", () => {
  const head = csvHead('\uFEFF"Deal #";Amount\n\nD1;10\nD2;20\nD3;30\n', { rows: 2 });
  assert.deepEqual(head, { separator: ";", header: ["Deal #", "Amount"], rows: [["D1", "10"], ["D2", "20"]] });
});

test("the start of a longer file: a record cut off at the end is left out", () => {
  assert.deepEqual(csvHead('a,b\n1,2\n3,"unfinished', { complete: false }).rows, [["1", "2"]]);
  assert.deepEqual(csvHead("a,b\n1,2\n3,4", { complete: false }).rows, [["1", "2"]]);
  assert.deepEqual(csvHead("a,b\n1,2\n3,4").rows, [["1", "2"], ["3", "4"]]);
});

const REAL = join(root, "../shared/data/real/sfdc-assets-data-cloud-workshop/Opportunity.csv");

// The shared real exports sit beside the repository; a checkout without them skips, saying so.
test("a real Salesforce export: 35 columns, the first five rows as Python's csv module reads them", { skip: !existsSync(REAL) && `${REAL} is absent` }, () => {
  const text = readFileSync(REAL, "utf8");
  const head = csvHead(text);
  assert.equal(head.header.length, 35);
  assert.equal(head.header[0], "Id");
  assert.equal(head.header[34], "Product__c");
  const stage = head.header.indexOf("StageName");
  assert.deepEqual(head.rows.map((r) => r[stage]), ["Qualification", "Closed Won", "Closed Won", "Negotiation", "Discovery"]);
  assert.ok(head.rows.every((r) => r.length === 35));
});

// Excel's "Unicode Text": UTF-16 with its byte-order mark, tab-separated. Encoded here by Node's
// Buffer (an encoder independent of the TextDecoder the page reads with), both byte orders.
test("a real export saved as UTF-16 (either byte order) reads as its UTF-8 original", { skip: !existsSync(REAL) && `${REAL} is absent` }, () => {
  const original = csvHead(readFileSync(REAL, "utf8"));
  const tsv = [original.header, ...original.rows].map((r) => r.join("\t")).join("\r\n") + "\r\n";
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]);
  const be = Buffer.from(le).swap16();
  for (const bytes of [le, be]) {
    const head = csvHead(decodeHead(new Uint8Array(bytes)));
    assert.equal(head.separator, "\t");
    assert.deepEqual(head.header, original.header);
    assert.deepEqual(head.rows, original.rows);
  }
  assert.equal(decodeHead(new TextEncoder().encode("Id,Name")), "Id,Name");
});

// A formatted report saved as CSV: a title, a filter line and a blank line above the header
// (as the core skips them: tests/it/ingest/real_exports.rs). A one-column file is not touched.
test("a report's title and filter lines above the header are skipped", { skip: !existsSync(REAL) && `${REAL} is absent` }, () => {
  const original = readFileSync(REAL, "utf8").replace(/^\uFEFF/, "");
  const preamble = '"Opportunity Pipeline report"\r\n"Filtered By: Close Date equals THIS FISCAL YEAR"\r\n\r\n';
  assert.equal(headerStart(preamble + original), preamble.length);
  assert.deepEqual(csvHead(preamble + original), csvHead(original));
  assert.equal(headerStart(original), 0);
  assert.equal(headerStart("id\na\nb\n"), 0, "one column: nothing is a preamble");
  assert.equal(headerStart('"a, quoted title"\nid,name\n1,x\n'), 18, "a separator inside quotes does not make a header");
});
