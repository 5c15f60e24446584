// The stage funnel of the deals created in the period: reached (bar), conversion to the next
// stage, and days in stage; under each stage, its open pipeline as of asOf (count, value,
// weighted value, median days in stage, stalled), every cell drilling to the stage's deals.
// Bar widths are set through the CSSOM (allowed under style-src 'self').
import { h, fill } from "../lib/dom.js";
import { formatNumber, formatValue } from "../lib/format.js";

const pct = (v) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)}%`);
const days = (v) => (v === null || v === undefined ? "–" : `${v.toFixed(1)} d`);

/** The stage's open pipeline as of asOf: one button per number, each opening the stage's deals
 * (open deals as the denominator, stalled ones as the numerator). */
function openPipeline(s, currency, onDrill) {
  const p = s.pipeline;
  const money = (v) => formatValue(v, "currency", currency);
  const cell = (cls, text, what) => h("button", {
    type: "button",
    class: `open-cell ${cls}`,
    onclick: () => onDrill({ indicator: "deal_aging", stage: s.stage }, `${s.label}, open as of the period end: ${what}`),
  }, text);
  return h("div", { class: "stage-open", "aria-label": `${s.label}: open deals as of the period end` },
    h("span", { class: "open-head" }, "open at period end:"),
    cell("open-count", `${formatNumber(p.count)} open`, `${formatNumber(p.count)} deals`),
    cell("open-amount", money(p.amount), `value ${money(p.amount)}${p.withoutAmount ? `, ${p.withoutAmount} without amount` : ""}`),
    cell("open-weighted",
      p.weightedAmount === null ? "weighted –" : `weighted ${money(p.weightedAmount)}`,
      p.weightedAmount === null ? "the stage has no probability" : `weighted ${money(p.weightedAmount)} at ${(p.probability * 100).toFixed(0)}%`),
    cell("open-days", `median ${days(p.medianDaysInStage)} here`, `median ${days(p.medianDaysInStage)} in stage`),
    cell("open-stalled", `${formatNumber(p.stalled)} stalled`, `${formatNumber(p.stalled)} stalled`));
}

export function renderFunnel(container, funnel, onDrill, currency) {
  if (!funnel.length) return fill(container, h("p", { class: "empty" }, "No deals were created in the period."));
  const top = Math.max(1, ...funnel.map((s) => s.reached));
  const rows = funnel.map((s) => {
    const bar = h("span", { class: "bar" });
    bar.style.width = `${(100 * s.reached) / top}%`;
    return h("li", { class: "stage", dataset: { stage: s.stage } },
      h("span", { class: "stage-name" }, s.label),
      h("span", { class: "bar-track" }, bar, h("span", { class: "bar-label" }, formatNumber(s.reached))),
      h("button", {
        type: "button",
        class: "conversion",
        title: `${s.advanced} of ${s.trials} advanced`,
        onclick: () => onDrill({ indicator: "stage_conversion", term: null, groupKey: null, bucket: null }, `Stage conversion (all stages)`),
      }, `→ ${pct(s.conversion)}`),
      h("span", { class: "days", title: `mean ${days(s.meanDaysInStage)}, ${s.daysSample} deals` }, `median ${days(s.medianDaysInStage)} in stage`),
      openPipeline(s, currency, onDrill),
    );
  });
  fill(container,
    h("ol", { class: "funnel-list", "aria-label": "Deals that reached each stage, conversion to the next, days in stage; open deals, value and stalled deals as of the period end" }, rows));
}
