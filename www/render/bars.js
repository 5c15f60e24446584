// Floating-bar charts with uPlot (the page's chart library): a waterfall and stacked bars are both
// bars that start where the one below ends, which uPlot's bars path draws with `disp.y0`/`disp.y1`
// (each bar from y0[i] to y1[i]). Canvas only, styles through the CSSOM: runs under the page's
// CSP. Clicking a bar calls `onBar(seriesIndex, barIndex)`. Charts of this module are kept apart
// from the cards' (chart.js), so re-rendering one does not destroy the other.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const charts = new Map();
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const chart = charts.get(entry.target);
    const width = Math.floor(entry.contentRect.width);
    if (chart && width > 0 && width !== chart.width) chart.setSize({ width, height: chart.height });
  }
});

/** Destroys the charts drawn into children of `root`. */
export function clearBars(root) {
  for (const [el, chart] of charts) {
    if (!root.contains(el)) continue;
    observer.unobserve(el);
    chart.destroy();
    charts.delete(el);
  }
}

/**
 * Draws into `el` bars over `labels` (x categories). `bars`: [{label, y0: [], y1: [], fill: color
 * or [color per bar]}], drawn at the same x (stacked when their spans follow each other);
 * `shortLabels` replace `labels` where the chart has less than 80 px per bar;
 * `lines`: [{label, values: [], stroke, dash}] drawn as points joined by steps. `format` labels
 * the y axis.
 */
export function barChart(el, { labels, shortLabels = labels, bars, lines = [], format, height = 220, onBar }) {
  const n = labels.length;
  const xs = labels.map((_, i) => i);
  const all = [...bars.flatMap((b) => [...b.y0, ...b.y1]), ...lines.flatMap((l) => l.values)].filter((v) => v !== null && Number.isFinite(v));
  const top = Math.max(0, ...all);
  const bottom = Math.min(0, ...all);
  const bar = (b) => ({
    label: b.label,
    width: 0,
    fill: Array.isArray(b.fill) ? b.fill[0] : b.fill,
    paths: uPlot.paths.bars({
      size: [0.6, 90],
      disp: {
        y0: { unit: 1, values: () => b.y0 },
        y1: { unit: 1, values: () => b.y1 },
        ...(Array.isArray(b.fill) ? { fill: { unit: 3, values: () => b.fill } } : {}),
      },
    }),
    points: { show: false },
  });
  const line = (l) => ({ label: l.label, stroke: l.stroke, width: 2, dash: l.dash, paths: uPlot.paths.stepped({ align: 0, ascDesc: true }), points: { show: true, size: 7, fill: l.stroke } });
  const opts = {
    width: Math.max(200, el.clientWidth || 320),
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false }, y: false },
    scales: { x: { time: false, range: () => [-0.5, n - 0.5] }, y: { range: () => [bottom, top > 0 ? top * 1.08 : 1] } },
    axes: [
      { size: 30, font: "11px system-ui", stroke: "#555", grid: { show: false }, ticks: { size: 3 }, splits: () => xs, values: (u, splits) => splits.map((i) => (u.width < 80 * n ? shortLabels : labels)[i] ?? "") },
      { size: 56, font: "11px system-ui", stroke: "#555", grid: { stroke: "#eee" }, ticks: { size: 3 }, values: (u, splits) => splits.map(format) },
    ],
    series: [{}, ...bars.map(bar), ...lines.map(line)],
  };
  const data = [xs, ...bars.map((b) => b.y1), ...lines.map((l) => l.values)];
  const chart = new uPlot(opts, data, el);
  charts.set(el, chart);
  observer.observe(el);
  chart.root.setAttribute("aria-hidden", "true");
  if (onBar) {
    chart.over.addEventListener("click", () => {
      const i = chart.cursor.idx;
      if (i === null || i === undefined) return;
      const y = chart.posToVal(chart.cursor.top, "y");
      // The bar under the pointer: the series whose span holds it, else the first with a span here.
      const hit = bars.findIndex((b) => Math.min(b.y0[i], b.y1[i]) <= y && y <= Math.max(b.y0[i], b.y1[i]));
      const any = bars.findIndex((b) => b.y0[i] !== b.y1[i]);
      if (hit >= 0 || any >= 0) onBar(hit >= 0 ? hit : any, i);
    });
  }
  return chart;
}
