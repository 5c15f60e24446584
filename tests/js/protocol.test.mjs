// The host -> page message (www/lib/protocol.js): a field the page does not read is refused at its
// name, never ignored (a misspelled `quary` left the view as it was without a word), and a
// mapping sent with JSON text reaches the load.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dataMessage, sourceOf, REPORT_FIELDS, SIDEBAR_FIELDS } from "../../www/lib/protocol.js";

test("spi:data: unknown fields refused at their name, per page", () => {
  const data = { deals: [] };
  assert.deepEqual(dataMessage({ type: "spi:data", version: 1, data, quary: {} }, SIDEBAR_FIELDS),
    { error: "spi:data: unknown field `quary`: this page reads data, csv, mapping, query and focus", path: "quary" });
  // The report page takes a query (as far as its controls show it, view-state.test.mjs); a focus
  // is the sidebar's.
  assert.deepEqual(dataMessage({ type: "spi:data", version: 1, data, focus: { owner: "a" } }, REPORT_FIELDS),
    { error: "spi:data: unknown field `focus`: this page reads data, csv, mapping and query", path: "focus" });
  assert.equal(dataMessage({ type: "spi:data", version: 1, data, query: {} }, REPORT_FIELDS).error, undefined);
  const sidebar = { type: "spi:data", version: 1, data, query: {}, focus: { owner: "a" }, mapping: "hubspot_api" };
  assert.equal(dataMessage(sidebar, SIDEBAR_FIELDS), sidebar);
  assert.equal(dataMessage({ type: "other" }, SIDEBAR_FIELDS), null);
  assert.equal(dataMessage({ type: "spi:data", version: 2, data }).path, "version");
  assert.equal(dataMessage({ type: "spi:data", version: 1 }).error, "spi:data needs `data` or `csv`");
});

test("spi:data: a mapping goes with JSON text as with CSV", () => {
  assert.deepEqual(sourceOf({ data: "{\"results\": []}", mapping: "hubspot_api" }), { kind: "json", data: "{\"results\": []}", mapping: "hubspot_api" });
  assert.deepEqual(sourceOf({ csv: "a,b\n", mapping: "maven" }), { kind: "csv", csv: "a,b\n", mapping: "maven" });
  assert.deepEqual(sourceOf({ data: {} }), { kind: "json", data: {}, mapping: null });
});
