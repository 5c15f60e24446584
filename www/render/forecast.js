// Forecast against quota (report `forecast`): per month (or quarter) of the period, by close date,
// won so far and the open pipeline stacked by forecast category, the weighted open pipeline (drawn
// on top of won: what the stage probabilities expect) and the quota line; a table of the same
// numbers, each a button opening its deals (or quota rows). Beside it, past forecast accuracy and
// bias per period (`forecast_accuracy`'s series).
import { h, fill } from "../lib/dom.js";
import { money, compactValue, formatValue } from "../lib/format.js";
import { barChart, clearBars } from "./bars.js";
import { pngButton } from "./png.js";

/** The stacked parts, bottom up: won, then the categories from the most certain. */
export const PARTS = [
  ["won", "Won", "#2f6fdb"], ["commit", "Commit", "#1b7f3b"], ["best_case", "Best case", "#6fbf73"],
  ["pipeline", "Pipeline", "#c3d9a4"], ["omitted", "Omitted", "#d0d5db"], ["uncategorized", "No category", "#e8c27a"],
];

const partOf = (b, part) => (part === "won" ? b.won : b.open.find((c) => c.category === part) ?? { amount: 0, count: 0 });

function chartOf(report, onCell) {
  const f = report.forecast;
  let base = f.map(() => 0);
  const bars = PARTS.map(([part, name, color]) => {
    const y0 = base;
    const y1 = f.map((b, i) => y0[i] + partOf(b, part).amount);
    base = y1;
    return { label: name, y0, y1, fill: color };
  });
  const lines = [
    { label: "Won + weighted open", values: f.map((b) => (b.weighted === null ? null : b.won.amount + b.weighted)), stroke: "#5b3aa8", dash: [4, 3] },
    { label: "Quota", values: f.map((b) => b.quota), stroke: "#b3261e" },
  ];
  const chart = h("div", { class: "view-chart" });
  const draw = () => barChart(chart, {
    labels: f.map((b) => b.bucket),
    bars,
    lines,
    format: (v) => compactValue(v, "currency", report.currency),
    height: 240,
    onBar: (s, i) => onCell(f[i].bucket, PARTS[s][0], PARTS[s][1]),
  });
  return { chart, draw };
}

function legend() {
  return h("ul", { class: "legend" },
    PARTS.map(([part, name]) => h("li", { dataset: { part } }, h("span", { class: `swatch part-${part}` }), name)),
    h("li", {}, h("span", { class: "swatch line-weighted" }), "won + weighted open"),
    h("li", {}, h("span", { class: "swatch line-quota" }), "quota"));
}

function table(report, onCell) {
  const f = report.forecast;
  const m = (v) => (v === null || v === undefined ? "–" : money(v, report.currency));
  const cell = (b, part, name, value, count) => h("td", {},
    h("button", {
      type: "button",
      class: "cell",
      dataset: { bucket: b.bucket, part },
      "aria-label": `${b.bucket} ${name}: ${m(value)}; show the records`,
      onclick: () => onCell(b.bucket, part, name),
    }, m(value)), count === undefined ? null : h("span", { class: "count" }, ` ${count}`));
  const rows = [
    ...PARTS.map(([part, name]) => [part, name, (b) => cell(b, part, name, partOf(b, part).amount, partOf(b, part).count)]),
    ["weighted", "Weighted open", (b) => cell(b, "weighted", "Weighted open", b.weighted)],
    ["quota", "Quota", (b) => cell(b, "quota", "Quota", b.quota)],
  ];
  return h("div", { class: "table-wrap" }, h("table", { class: "forecast-table" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "By close date"), f.map((b) => h("th", { scope: "col" }, b.bucket)))),
    h("tbody", {}, rows.map(([part, name, td]) => h("tr", { dataset: { part } }, h("th", { scope: "row" }, name), f.map(td))))));
}

function accuracy(report, onDrill) {
  const acc = report.indicators.find((i) => i.id === "forecast_accuracy");
  if (!acc) return h("p", { class: "empty" }, "Forecast accuracy is not in this report.");
  const pct = (v) => formatValue(v, "ratio");
  const bias = (v) => (v === null || v === undefined ? "–" : `${v > 0 ? "+" : v < 0 ? "−" : "±"}${(Math.abs(v) * 100).toFixed(1)}%`);
  const points = acc.series.filter((p) => p.value !== null || (p.stats?.periods ?? 0) > 0);
  const row = (name, fig, request) => h("tr", {},
    h("th", { scope: "row" }, name),
    h("td", {}, h("button", { type: "button", class: "cell", onclick: () => onDrill(request, `Forecast accuracy, ${name}`) }, pct(fig.value))),
    h("td", { class: "bias" }, bias(fig.stats?.bias ?? null)),
    h("td", {}, String(fig.stats?.periods ?? 0)));
  return h("div", { class: "accuracy" },
    h("h3", {}, "Past forecast accuracy"),
    h("p", { class: "hint" }, "Per forecast period started in the bucket: 1 − |forecast − won| / won; bias = forecast / won − 1 (over-forecast when positive)."),
    h("div", { class: "table-wrap" }, h("table", { class: "accuracy-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Started in"), h("th", { scope: "col" }, "Accuracy"), h("th", { scope: "col" }, "Bias"), h("th", { scope: "col" }, "Periods"))),
      h("tbody", {},
        points.map((p) => row(p.bucket, p, { indicator: "forecast_accuracy", bucket: p.bucket })),
        row("Whole period", acc, { indicator: "forecast_accuracy" })))));
}

/** Renders the forecast against quota into `container`. `onCell(bucket, part, name)` opens a
 * cell's records; `onDrill(request, title)` a figure's. */
export function renderForecast(container, report, onCell, onDrill) {
  clearBars(container);
  if (!report.forecast?.length) return fill(container, h("p", { class: "empty" }, "No forecast for this period."));
  const { chart, draw } = chartOf(report, onCell);
  fill(container,
    h("div", { class: "forecast-grid" },
      h("div", { class: "forecast-main" },
        h("div", { class: "view-head" }, h("h3", {}, "Won and open pipeline by close date, against quota"), pngButton(chart, "forecast-vs-quota", "Forecast against quota")),
        h("p", { class: "hint" }, "Open deals as of today by expected close date and forecast category; an overdue open deal stays in the month it was expected."),
        legend(), chart, table(report, onCell)),
      accuracy(report, onDrill)));
  draw();
}
