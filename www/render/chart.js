// Trend charts with uPlot (canvas, no HTML strings, styles set through the CSSOM only, so it runs
// under style-src 'self' and Trusted Types). One small line chart per indicator series.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { compactValue } from "../lib/format.js";

const charts = new Set();
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const chart = entry.target.chart;
    const width = Math.floor(entry.contentRect.width);
    if (chart && width > 0 && width !== chart.width) chart.setSize({ width, height: chart.height });
  }
});

/** Destroys every chart (before a re-render). */
export function clearCharts() {
  for (const chart of charts) {
    observer.unobserve(chart.root.parentElement);
    chart.destroy();
  }
  charts.clear();
}

/** Draws `series` (report series points) into `el`. */
export function trendChart(el, series, unit, currency, name) {
  const xs = series.map((p) => Date.parse(p.from) / 1000);
  const ys = series.map((p) => p.value);
  const fmt = (v) => compactValue(v, unit, currency);
  const opts = {
    width: Math.max(160, el.clientWidth || 240),
    height: 110,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    // y from 0 (every series here is a non-negative KPI), with headroom; a flat 0 stays readable.
    scales: { x: { time: true }, y: { range: (u, min, max) => [Math.min(0, min ?? 0), (max ?? 0) > 0 ? max * 1.1 : 1] } },
    axes: [
      { size: 24, font: "11px system-ui", stroke: "#555", grid: { show: false }, ticks: { size: 3 } },
      {
        size: 50,
        font: "11px system-ui",
        stroke: "#555",
        grid: { stroke: "#eee" },
        ticks: { size: 3 },
        values: (u, splits) => splits.map(fmt),
      },
    ],
    series: [
      {},
      { label: name, stroke: "#2f6fdb", width: 2, fill: "rgba(47,111,219,0.08)", points: { size: 5 }, spanGaps: false },
    ],
  };
  const chart = new uPlot(opts, [xs, ys], el);
  el.chart = chart;
  charts.add(chart);
  observer.observe(el);
  chart.root.setAttribute("aria-hidden", "true");
  return chart;
}
