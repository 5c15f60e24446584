// The stage funnel of the deals created in the period: reached (bar), conversion to the next
// stage, and days in stage. Bar widths are set through the CSSOM (allowed under style-src 'self').
import { h, fill } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";

const pct = (v) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)}%`);
const days = (v) => (v === null || v === undefined ? "–" : `${v.toFixed(1)} d`);

export function renderFunnel(container, funnel, onDrill) {
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
    );
  });
  fill(container,
    h("ol", { class: "funnel-list", "aria-label": "Deals that reached each stage, conversion to the next, days in stage" }, rows));
}
