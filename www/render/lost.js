// "Why deals are lost": the `lost_reasons` entry of the report as one bar per reason (deals lost
// to it in the period, its amount and share, its share in the previous period), each row drilling
// to the reason's deals. Reasons and stage names are CRM text: they go in through `h`, i.e.
// textContent, never an HTML sink. Bar widths are set through the CSSOM (style-src 'self').
import { h, fill } from "../lib/dom.js";
import { formatNumber, formatValue } from "../lib/format.js";

const pct = (v) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(0)}%`);

/** "was 25%" against the previous period, or nothing without a comparison. */
function previous(r) {
  if (r.previousShare === null || r.previousShare === undefined) return null;
  const pts = Math.round((r.shareChange ?? 0) * 100);
  const sign = pts > 0 ? "+" : pts < 0 ? "−" : "±";
  return h("span", { class: "lost-prev", title: `${formatNumber(r.previousCount)} deals in the previous period` },
    `was ${pct(r.previousShare)} (${sign}${Math.abs(pts)} pts)`);
}

/** Where the reason's deals were lost from: "Proposal 2, Negotiation 1". */
function stages(r) {
  if (!r.stages.length) return null;
  return h("span", { class: "lost-stages" }, "lost from ",
    r.stages.map((s, i) => [i ? ", " : "", h("span", { class: "lost-stage" }, s.label), ` ${formatNumber(s.count)}`]));
}

export function renderLost(container, report, onDrill) {
  const entry = report.indicators.find((i) => i.id === "lost_reasons");
  if (!entry) return fill(container, h("p", { class: "empty" }, "Lost reasons were not computed for this view."));
  const reasons = entry.reasons ?? [];
  if (!reasons.some((r) => r.count > 0)) {
    const lost = entry.denominator ?? 0;
    return fill(container, h("p", { class: "empty" },
      lost ? `${formatNumber(lost)} deals were lost in the period, none with a lost reason.` : "No deal was lost in the period."));
  }
  const money = (v) => formatValue(v, "currency", report.currency);
  const top = Math.max(1, ...reasons.map((r) => r.count));
  const topAmount = Math.max(1, ...reasons.map((r) => r.amount));
  const rows = reasons.map((r) => {
    const bar = h("span", { class: "bar" });
    bar.style.width = `${(100 * r.count) / top}%`;
    const amountBar = h("span", { class: "bar lost-amount-bar" });
    amountBar.style.width = `${(100 * r.amount) / topAmount}%`;
    const title = `Lost to “${r.reason}”`;
    return h("li", { class: "lost-reason" },
      h("button", {
        type: "button",
        class: "lost-row",
        "aria-label": `${r.reason}: ${formatNumber(r.count)} deals, ${money(r.amount)}; show the deals`,
        onclick: () => onDrill({ indicator: "lost_reasons", reason: r.reason }, title),
      },
        h("span", { class: "lost-name" }, r.reason),
        h("span", { class: "bar-track" }, bar, h("span", { class: "bar-label" }, `${formatNumber(r.count)} · ${pct(r.share)}`)),
        h("span", { class: "bar-track lost-amount" }, amountBar, h("span", { class: "bar-label" }, money(r.amount)))),
      h("span", { class: "lost-notes" }, previous(r), stages(r)));
  });
  const unexplained = (entry.denominator ?? 0) - (entry.numerator ?? 0);
  fill(container,
    h("ol", { class: "lost-list", "aria-label": "Deals lost in the period by lost reason: count and share, amount; click a reason for its deals" }, rows),
    unexplained > 0
      ? h("p", { class: "hint" }, unexplained === 1 ? "1 more lost deal has no lost reason." : `${formatNumber(unexplained)} more lost deals have no lost reason.`)
      : null);
}
