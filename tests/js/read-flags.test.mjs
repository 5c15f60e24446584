// The read panel's source flags (www/render/sources.js), on SourceInfo objects written by hand:
// the fields the core reports today, and those it is gaining (confidence, coverage, ...). A weak
// detection and a key field with few values are flagged; the dataset's flags are the engine's
// (`summary.flags`, tests/it/ingest/read_flags.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { coverageRows, sourceFlags } from "../../www/render/sources.js";

test("today's SourceInfo (no coverage): the key fields not read are flagged", () => {
  const source = { format: "csv", preset: "canonical", detected: true, kind: "deals", records: 50, columns: { id: "Id", amount: "Amount" } };
  assert.deepEqual(sourceFlags(source), [
    "no column tells won from lost (stage, status, won: none read)",
    "createdAt: not read",
    "closedAt: not read",
    "owner: not read",
  ]);
});

test("a weak match and thin coverage are flagged; full coverage is not", () => {
  const source = {
    format: "csv", preset: "salesforce_api", detected: true, confidence: 0.45, kind: "deals", records: 50,
    columns: {},
    coverage: [
      { field: "stage", column: "StageName", filled: 50 },
      { field: "closedAt", column: "CloseDate", filled: 24 },
      { field: "createdAt", column: "CreatedDate", filled: 25 },
      { field: "amount", column: "Amount", filled: 0 },
      { field: "owner", column: "OwnerId", filled: 50 },
      { field: "name", column: "Name", filled: 1 },
    ],
  };
  assert.deepEqual(sourceFlags(source), [
    "weak match for preset salesforce_api (confidence 45%)",
    "closedAt: low coverage",
    "amount: empty",
  ]);
  const rows = coverageRows(source);
  assert.equal(rows.find((r) => r.field === "name").flag, undefined, "a field the headline figures do not need is not flagged");
  assert.deepEqual(sourceFlags({ ...source, confidence: 0.6, coverage: source.coverage.map((c) => ({ ...c, filled: 50 })) }), []);
});

test("an API page whose other pages are missing is flagged", () => {
  const source = { format: "api", preset: "salesforce_api", detected: true, confidence: 1, kind: "deals", records: 2,
    coverage: [], warnings: [{ code: "partial_response", message: "one page", count: 3, examples: [] }] };
  assert.ok(sourceFlags(source).includes("one page of a longer response: the other pages are missing"), sourceFlags(source).join(" | "));
  assert.ok(!sourceFlags({ ...source, warnings: [] }).includes("one page of a longer response: the other pages are missing"));
});
