// KPI cards: value (formatted per unit), change vs the previous period, target status, sample
// size, and a trend chart over the cadence buckets. Numbers are buttons that open the drill-down.
import { h, fill } from "../lib/dom.js";
import { label, formatValue, formatChange, formatNumber, direction } from "../lib/format.js";
import { trendChart, clearCharts } from "./chart.js";

function targetBadge(target) {
  if (!target) return null;
  const band = [target.min !== null ? `≥ ${formatNumber(target.min)}` : null, target.max !== null ? `≤ ${formatNumber(target.max)}` : null]
    .filter(Boolean)
    .join(", ");
  return h("span", { class: `badge ${target.status}`, title: `target ${band}` }, `target ${target.status}`);
}

/** Notes about the report's grouping rather than one figure. */
export const GROUPING_NOTES = new Set(["single_owner"]);

const hasTrend = (ind) => ind.series.filter((p) => p.value !== null).length > 1;

function card(ind, currency, onDrill) {
  const value = formatValue(ind.value, ind.unit, currency);
  const dir = direction(ind.change, ind.better);
  const chart = h("div", { class: "chart" });
  const el = h("article", { class: "card", dataset: { indicator: ind.id } },
    h("h3", { title: ind.definition }, label(ind.id)),
    h("button", {
      type: "button",
      class: `value${ind.value === null ? " insufficient" : ""}`,
      "aria-label": `${label(ind.id)}: ${value}; show the records`,
      onclick: () => onDrill({ indicator: ind.id }, `${label(ind.id)}: ${value}`),
    }, value),
    h("p", { class: "meta" },
      ind.previous
        ? h("button", {
          type: "button",
          class: `change ${dir}`,
          title: `previous period: ${formatValue(ind.previous.value, ind.unit, currency)}`,
          onclick: () => onDrill({ indicator: ind.id, previous: true }, `${label(ind.id)}, previous period`),
        }, formatChange(ind.change, ind.unit, currency))
        : null,
      h("span", { class: "sample" }, `n = ${ind.sampleSize.toLocaleString("en")}`),
      targetBadge(ind.target),
    ),
    hasTrend(ind) ? chart : h("p", { class: "snapshot" }, ind.series.length ? "too few buckets with data for a trend" : "snapshot as of the period end"),
    // True by the formula, misleading because of how the data was recorded: said on the card.
    // (A note on the grouping, such as a single owner, is said once, above the segments table.)
    ...(ind.notes ?? []).filter((n) => !GROUPING_NOTES.has(n.code)).map((n) => h("p", { class: "note", dataset: { code: n.code } }, `⚠ ${n.message}`)),
  );
  return { el, chart };
}

/** Renders every indicator of `report` into `container`. */
export function renderCards(container, report, onDrill) {
  clearCharts();
  const cards = report.indicators.map((ind) => ({ ind, ...card(ind, report.currency, onDrill) }));
  fill(container, cards.map((c) => c.el));
  for (const { ind, chart } of cards) {
    if (hasTrend(ind)) trendChart(chart, ind.series, ind.unit, report.currency, label(ind.id));
  }
}
