// The second benchmark generator (benches/gen-alt.mjs: another field order, `\u` escapes, numeric
// strings, epoch milliseconds, nested attributes) read by the built package, its figures checked
// against the generator's own truth per deal, summed here in plain JS (never the report read back).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpiEngine } from "spi-wasm";
import { generateAlt, AS_OF } from "../../benches/gen-alt.mjs";

const FROM = Date.UTC(2024, 0, 1);
const query = { from: "2024-01-01", to: "2026-11-23", cadence: "quarter", groupBy: ["owner"], indicators: ["win_rate", "win_rate_by_value", "pipeline_created"] };
const figure = (list, id) => list.find((x) => x.id === id);

/** Won, closed, won amount, closed amount, created count and amount over [FROM, AS_OF), by plain JS. */
function expected(truth) {
  const out = { won: 0, closed: 0, wonAmount: 0, closedAmount: 0, created: 0, createdAmount: 0 };
  for (const d of truth) {
    if (d.closed !== null && d.closed >= FROM && d.closed < AS_OF) {
      out.closed += 1;
      out.closedAmount += d.amountUsd;
      if (d.status === "won") (out.won += 1), (out.wonAmount += d.amountUsd);
    }
    if (d.created >= FROM && d.created < AS_OF) (out.created += 1), (out.createdAmount += d.amountUsd);
  }
  return out;
}

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("the independent generator's data is read right: counts, win rate, won amount, per owner", () => {
  const { text, truth } = generateAlt(3000, 11);
  const engine = SpiEngine.fromJson(new TextEncoder().encode(text));
  try {
    assert.equal(engine.summary().deals, 3000);
    const report = engine.report(query);
    const want = expected(truth);
    // Enough of each kind that a misread field would show.
    assert.ok(want.won > 300 && want.closed - want.won > 300 && want.created > 1500, JSON.stringify(want));
    const winRate = figure(report.indicators, "win_rate");
    assert.deepEqual([winRate.numerator, winRate.denominator], [want.won, want.closed]);
    const byValue = figure(report.indicators, "win_rate_by_value");
    close(byValue.numerator, want.wonAmount, "won amount");
    close(byValue.denominator, want.closedAmount, "closed amount");
    const created = figure(report.indicators, "pipeline_created");
    assert.equal(created.sampleSize, want.created);
    close(created.value, want.createdAmount, "pipeline created");
    // Owners written escaped and plain are one owner each: 8 names, each with its own figures.
    const owners = new Map(report.groups.owner.map((g) => [g.group, g.indicators]));
    assert.deepEqual([...owners.keys()].sort(), [...new Set(truth.map((d) => d.owner))].sort());
    assert.equal(owners.size, 8);
    for (const name of ["Zoë Müller", "李娜"]) {
      const mine = expected(truth.filter((d) => d.owner === name));
      const got = figure(owners.get(name), "win_rate");
      assert.deepEqual([got.numerator, got.denominator], [mine.won, mine.closed], name);
      close(figure(owners.get(name), "win_rate_by_value").numerator, mine.wonAmount, `${name} won amount`);
    }
  } finally {
    engine.free();
  }
});
