// The view-state grammar of the page's URL hash (www/lib/view-state.js), on hashes written by
// hand: what the page offers applies, anything else is dropped with a note, and a full state
// round-trips through the hash unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHash, formatHash, checkIndicators, cardsShown, isDate, viewOfQuery } from "../../www/lib/view-state.js";

const ALLOWED = {
  period: ["this_quarter", "last_90", "custom"],
  cadence: ["week", "month"],
  group: ["", "owner", "segment"],
  panels: ["targets", "health", "cards"],
};

test("a valid hash gives its state and no note", () => {
  const { state, notes } = parseHash("#v=1&period=custom&from=2026-01-01&to=2026-03-31&cadence=month&group=none&compare=0&targets=win_rate:30:,average_deal_size::5e3&panels=health,cards&cards=win_rate,sales_cycle_days", ALLOWED);
  assert.deepEqual(notes, []);
  assert.deepEqual(state, {
    period: "custom", from: "2026-01-01", to: "2026-03-31", cadence: "month", group: "", compare: false,
    targets: { win_rate: { min: "30", max: "" }, average_deal_size: { min: "", max: "5e3" } },
    panels: ["health", "cards"], cards: ["win_rate", "sales_cycle_days"],
  });
  assert.deepEqual(parseHash("", ALLOWED), { state: {}, notes: [] });
  assert.deepEqual(parseHash("#", ALLOWED), { state: {}, notes: [] });
});

test("values the page does not offer are dropped, each with a note", () => {
  const { state, notes } = parseHash("#v=2&period=next_decade&group=&compare=yes&from=2026-02-30&targets=win_rate:1:2:3,x:a:,y::&panels=targets,secret&cards=ok_id,Bad-Id,ok_id&extra=1", ALLOWED);
  assert.deepEqual(state, { targets: {}, panels: ["targets"], cards: ["ok_id"] });
  assert.equal(notes.length, 11, notes.join("\n"));
  assert.ok(notes.includes('Unknown view setting "extra": ignored.'));
  assert.ok(notes.includes('v "2" is not one the page offers: ignored.'));
  assert.ok(notes.includes('group "" is not one the page offers: ignored.'), "no group is written 'none'");
  assert.ok(notes.includes('from "2026-02-30" is not one the page offers: ignored.'));
  assert.ok(notes.includes('target "y::" is not "indicator:min:max" with numbers: ignored.'), "a target with no bound");
  assert.ok(notes.includes('card "Bad-Id" is not one the page offers: ignored.'));
});

test("from/to apply only to a custom period, in order", () => {
  assert.deepEqual(parseHash("#period=last_90&from=2026-01-01", ALLOWED).state, { period: "last_90" });
  const reversed = parseHash("#period=custom&from=2026-03-01&to=2026-01-01", ALLOWED);
  assert.deepEqual(reversed.state, { period: "custom" });
  assert.deepEqual(reversed.notes, ["from 2026-03-01 is after to 2026-01-01: both ignored."]);
});

test("a long or odd hash is never a crash", () => {
  const long = parseHash(`#cards=${"a".repeat(3000)}`, ALLOWED);
  assert.deepEqual(long.state, {});
  assert.equal(long.notes.length, 1);
  const odd = parseHash("#%E0%A4%A&period=%ZZ&=&&cadence", ALLOWED);
  assert.equal(typeof odd.notes.length, "number");
  assert.equal(odd.state.period, undefined);
});

test("targets and cards of unknown indicators are dropped against the report's ids", () => {
  const { state, notes } = checkIndicators({ targets: { win_rate: { min: "1", max: "" }, gone: { min: "2", max: "" } }, cards: ["gone", "win_rate"] }, ["win_rate", "sales_cycle_days"]);
  assert.deepEqual(state, { targets: { win_rate: { min: "1", max: "" } }, cards: ["win_rate"] });
  assert.deepEqual(notes, ['target for "gone": no such indicator, ignored.', 'card "gone": no such indicator, ignored.']);
});

test("a full state round-trips through the hash", () => {
  const state = {
    period: "custom", from: "2026-01-01", to: "2026-03-31", cadence: "week", group: "owner", compare: true,
    targets: { win_rate: { min: "25.5", max: "" } }, panels: ["targets"], cards: ["sales_cycle_days", "win_rate"],
  };
  const hash = formatHash(state);
  assert.equal(hash, "#v=1&period=custom&from=2026-01-01&to=2026-03-31&cadence=week&group=owner&compare=1&targets=win_rate:25.5:&panels=targets&cards=sales_cycle_days,win_rate");
  assert.deepEqual(parseHash(hash, ALLOWED), { state, notes: [] });
  // The core set (cards null) and no targets or panels write nothing for them.
  assert.equal(formatHash({ period: "last_90", cadence: "month", group: "", compare: false, targets: {}, panels: [], cards: null }),
    "#v=1&period=last_90&cadence=month&group=none&compare=0");
});

test("the cards shown: the chosen ones the report has, else the core set's", () => {
  assert.deepEqual(cardsShown(["b", "x", "a"], ["a", "b"], ["a"]), ["b", "a"]);
  assert.deepEqual(cardsShown(null, ["sales_cycle_days", "win_rate", "engagement_rate"], ["win_rate", "sales_cycle_days", "pipeline_created"]), ["win_rate", "sales_cycle_days"]);
  assert.deepEqual(cardsShown([], ["win_rate"], ["win_rate"]), []);
  assert.equal(isDate("2024-02-29"), true);
  assert.equal(isDate("2023-02-29"), false);
});

test("a host's query sets what the controls show, or is refused whole at the first part they cannot", () => {
  // `to` is exclusive in a query and inclusive in the page's picker: the day before.
  assert.deepEqual(viewOfQuery({ from: "2026-01-01", to: "2026-04-01", cadence: "month", groupBy: ["owner"], compare: null }, ALLOWED),
    { state: { period: "custom", from: "2026-01-01", to: "2026-03-31", cadence: "month", group: "owner", compare: false } });
  assert.deepEqual(viewOfQuery({ from: "2024-02-01", to: "2024-03-01", groupBy: [], compare: "previous_period" }, ALLOWED),
    { state: { period: "custom", from: "2024-02-01", to: "2024-02-29", group: "", compare: true } });
  assert.deepEqual(viewOfQuery({}, ALLOWED), { state: {} }, "what the query leaves out keeps the page's value");
  const refused = (query) => viewOfQuery(query, ALLOWED);
  assert.deepEqual(refused({ from: "2026-01-01", to: "2026-04-01", filters: { owner: ["a"] } }), {
    error: "spi:data: query.filters: the report page takes from, to, cadence, groupBy, compare (the rest of its view comes from its controls); the sidebar and the package take a whole query",
    path: "query.filters",
  });
  assert.equal(refused({ from: "2026-01-01" }).path, "query.to");
  assert.equal(refused({ to: "2026-01-01" }).path, "query.from");
  assert.equal(refused({ from: "2026-01-01T10:00:00Z", to: "2026-02-01" }).error, 'spi:data: query.from: expected a date (YYYY-MM-DD), got "2026-01-01T10:00:00Z"');
  assert.equal(refused({ from: "2026-02-30", to: "2026-03-01" }).path, "query.from");
  assert.equal(refused({ from: "2026-03-01", to: "2026-03-01" }).error, "spi:data: query.to: 2026-03-01 is not after from 2026-03-01");
  assert.equal(refused({ cadence: "year" }).error, 'spi:data: query.cadence: expected one of week, month, got "year"');
  assert.equal(refused({ groupBy: ["owner", "segment"] }).error, "spi:data: query.groupBy: the report page groups by one key at most: give [] or [key]");
  assert.equal(refused({ groupBy: ["team"] }).error, 'spi:data: query.groupBy: expected one of owner, segment, got "team"');
  assert.equal(refused({ groupBy: "owner" }).path, "query.groupBy");
  assert.equal(refused({ compare: true }).path, "query.compare");
  assert.equal(refused(["from"]).path, "query");
});
