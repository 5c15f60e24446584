// The pages' catalog (www/lib/catalog.js): labels and headline lists come from the module's
// `catalog()`, so an indicator the core adds (here a toy `deals_won`, the example of
// docs/adding-an-indicator.md) is labelled and listed with no page edit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { catalog } from "spi-wasm";
import { headlines, label, loadCatalog } from "../../www/lib/catalog.js";
import { label as formatLabel } from "../../www/lib/format.js";

const toy = {
  id: "deals_won", label: "Deals won", description: "deals won in period, counted", unit: "count", better: "higher",
  table: "deals", timing: "period", variants: [], nextStep: "Review the pipeline's late stages with their owners", headline: "segments",
};

test("a catalog indicator the page has never heard of gets its label and its headline column", async () => {
  assert.equal(label("deals_won"), "deals won", "before the catalog is read: the id in words");
  let reads = 0;
  const engine = { catalog: async () => (reads++, [...catalog(), toy]) };
  await Promise.all([loadCatalog(engine), loadCatalog(engine)]);
  assert.equal(reads, 1, "read once per page");
  assert.equal(label("deals_won"), "Deals won");
  assert.equal(formatLabel("deals_won"), "Deals won", "the renderers' label is the catalog's");
  assert.equal(label("rep_response_minutes"), "Rep response time");
  assert.equal(label("no_such_thing"), "no such thing");
  // The ten columns of the segments table before the catalog (by hand), then the toy; the sidebar's nine.
  assert.deepEqual(headlines("segments"), ["win_rate", "win_rate_by_value", "average_deal_size", "sales_cycle_days",
    "pipeline_created", "quota_attainment", "pipeline_coverage", "deal_aging", "rep_response_minutes", "engagement_rate", "deals_won"]);
  assert.equal(headlines("sidebar").length, 9);
  assert.ok(!headlines("sidebar").includes("deals_won"));
});
