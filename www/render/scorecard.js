// The rep scorecard: one rep's every indicator beside the team median, with the figure's 95%
// Wilson interval and counts for ratios (so 2 of 3 does not read like 200 of 300), the change
// from the previous period, and the actions that concern the rep. Used by the page (with a rep
// picker) and by the sidebar's rep focus (sidebar.js), from reports grouped by owner.
import { h, fill } from "../lib/dom.js";
import { label, formatValue, formatChange, direction, money } from "../lib/format.js";

/** Median of the numbers in `values` (null when none): a summary of the owners' reported
 * figures, for comparison only (the figures themselves come from the core). */
export function median(values) {
  const v = values.filter((x) => x !== null && x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const ownersOf = (report) => (report?.groups?.owner ?? []).filter((r) => r.group !== "(none)");
const figureOf = (row, id) => row?.indicators.find((f) => f.id === id) ?? null;
const isCount = (x) => x !== null && x !== undefined && Number.isInteger(x);

/** The scorecard's rows: per indicator of `report`, the rep's figure, the team median, the
 * previous period's figure and the change. */
export function scorecardRows(report, previous, owner) {
  const owners = ownersOf(report);
  const row = owners.find((r) => r.group === owner);
  const before = ownersOf(previous).find((r) => r.group === owner);
  return report.indicators.map((ind) => {
    const own = figureOf(row, ind.id);
    const prev = figureOf(before, ind.id);
    const value = own?.value ?? null;
    const change = value !== null && prev?.value !== null && prev?.value !== undefined ? value - prev.value : null;
    return { ind, own, prev, median: median(owners.map((r) => figureOf(r, ind.id)?.value)), change };
  });
}

/** "1 of 2, 95% 9.5%–90.5%" for a share of records; "n = 4" otherwise. */
function evidence(own, unit) {
  if (!own) return "no records";
  const parts = [];
  // Counts only where the figure is a share of records (the core gives those their interval).
  if (own.interval && isCount(own.numerator) && isCount(own.denominator)) parts.push(`${own.numerator} of ${own.denominator}`);
  else parts.push(`n = ${own.sampleSize}`);
  if (own.interval) parts.push(`95% ${formatValue(own.interval.low, unit)}–${formatValue(own.interval.high, unit)}`);
  return parts.join(", ");
}

function line(r, owner, currency, onDrill) {
  const { ind, own, prev } = r;
  const fmt = (v) => formatValue(v, ind.unit, currency);
  const value = fmt(own?.value ?? null);
  return h("tr", { dataset: { indicator: ind.id } },
    h("th", { scope: "row", title: ind.definition }, label(ind.id)),
    h("td", { class: "rep-value" },
      own && onDrill
        ? h("button", {
          type: "button",
          class: "cell",
          "aria-label": `${label(ind.id)} for ${owner}: ${value}; show the records`,
          onclick: () => onDrill({ indicator: ind.id, groupKey: "owner", groupValue: owner }, `${label(ind.id)}, ${owner}: ${value}`),
        }, value)
        : value,
      h("span", { class: "evidence" }, evidence(own, ind.unit))),
    h("td", { class: "team-median", dataset: { label: "team median" } }, fmt(r.median)),
    h("td", { class: `trend ${direction(r.change, ind.better)}`, dataset: { label: "change" }, title: prev ? `previous period: ${fmt(prev.value)}` : "no figure in the previous period" },
      r.change === null ? "–" : `${r.change > 0 ? "▲" : r.change < 0 ? "▼" : "="} ${formatChange(r.change, ind.unit, currency)}`));
}

/** The sidebar's form of a row: one list item (`.side-kpi`), the same numbers stacked. */
function item(r, currency) {
  const { ind, own } = r;
  const fmt = (v) => formatValue(v, ind.unit, currency);
  return h("li", { class: "side-kpi", dataset: { indicator: ind.id } },
    h("span", { class: "name" }, label(ind.id)),
    h("span", { class: "val" }, fmt(own?.value ?? null)),
    h("span", { class: "ref" }, `${evidence(own, ind.unit)}; team median ${fmt(r.median)}`),
    h("span", { class: `chg ${direction(r.change, ind.better)}` }, r.change === null ? "" : `${r.change > 0 ? "▲" : r.change < 0 ? "▼" : "="} ${formatChange(r.change, ind.unit, currency)}`));
}

/** The sidebar's rep focus: `owner`'s scorecard as `.side-kpi` items of the list `container`, only
 * the indicators `ids` when given (the catalog's sidebar ones). */
export function renderScorecardList(container, { report, previous, owner, ids = null }) {
  const rows = scorecardRows(report, previous, owner).filter((r) => !ids || ids.includes(r.ind.id));
  fill(container, rows.map((r) => item(r, report.currency)));
}

/**
 * Renders `owner`'s scorecard into `container`. `report` and `previous` (the previous period's,
 * or null) are grouped by owner. `onPick(owner)` (page only) adds a rep picker.
 */
export function renderScorecard(container, { report, previous, owner, onPick, onDrill }) {
  const owners = ownersOf(report).map((r) => r.group);
  const picker = onPick
    ? h("label", { class: "rep-pick" }, "Rep ",
      h("select", { id: "rep", onchange: (e) => onPick(e.target.value) },
        owners.map((o) => h("option", { value: o, selected: o === owner }, o))))
    : null;
  if (!owners.length || owner === null || owner === undefined) {
    return fill(container, picker, h("p", { class: "empty" }, owners.length ? "Pick a rep." : "No owner in this period: the scorecard needs the report grouped by owner."));
  }
  const rows = scorecardRows(report, previous, owner);
  const actions = report.actions.filter((a) => a.groupKey === "owner" && a.group === owner);
  fill(container,
    picker,
    h("div", { class: "table-wrap" }, h("table", { class: "scorecard", "aria-label": `Scorecard of ${owner}` },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Indicator"), h("th", { scope: "col" }, owner),
        h("th", { scope: "col" }, `Team median (${owners.length} reps)`), h("th", { scope: "col" }, previous ? "Change vs previous" : "Change"))),
      h("tbody", {}, rows.map((r) => line(r, owner, report.currency, onDrill))))),
    h("h3", {}, `Actions for ${owner}`),
    actions.length
      ? h("ul", { class: "rep-actions" }, actions.map((a) => h("li", { class: `side-action ${a.severity}` },
        h("p", {}, a.message), h("p", { class: "hint" }, a.action, a.impact ? ` (${money(a.impact, report.currency)} at stake)` : ""))))
      : h("p", { class: "hint rep-actions-none" }, "No action concerns this rep."));
}
