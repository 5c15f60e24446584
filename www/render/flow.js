// The pipeline flow waterfall (report `pipeline_flow`): start, created, pulled in, increased,
// decreased, pushed out, lost, won, end for the chosen period, drawn as floating bars with uPlot
// (bars.js). Every term is also a button (the bars are a canvas): each opens the term's deals with
// the amount each booked there, before and after. Under the chart the identity is written out
// from the figures shown (in cents, so it is exact): start + in - out = end. Grouped by owner,
// one row of bars per owner.
import { h, fill } from "../lib/dom.js";
import { money, compactValue } from "../lib/format.js";
import { barChart, clearBars } from "./bars.js";
import { pngButton } from "./png.js";

/** The terms in waterfall order, their labels and how each moves the running total. */
export const TERMS = [
  ["start", "Start", 0], ["created", "Created", 1], ["pulledIn", "Pulled in", 1], ["increased", "Increased", 1],
  ["decreased", "Decreased", -1], ["pushedOut", "Pushed out", -1], ["lost", "Lost", -1], ["won", "Won", -1], ["end", "End", 0],
];
const COLORS = { 0: "#6b7c93", 1: "#2e9a58", "-1": "#c9483e" };
const WON = "#2f6fdb";

/** Axis labels where a chart is too narrow for the full names (the buttons below keep them). */
const SHORT = ["Start", "New", "In", "Up", "Down", "Out", "Lost", "Won", "End"];

const cents = (v) => Math.round((v ?? 0) * 100);

/** The bars' spans and colors from a figure's stats. */
function spans(stats) {
  const y0 = [];
  const y1 = [];
  const colors = [];
  let run = 0;
  for (const [term, , sign] of TERMS) {
    const v = stats[term] ?? 0;
    if (sign === 0) {
      y0.push(0);
      y1.push(v);
      run = v;
    } else {
      const next = run + sign * v;
      y0.push(run);
      y1.push(next);
      run = next;
    }
    colors.push(term === "won" ? WON : COLORS[sign]);
  }
  return { y0, y1, colors };
}

/** "8,800 + 8,500 + … − 3,000 = 10,100", and whether it holds exactly (in cents). */
export function identity(stats, currency) {
  const parts = TERMS.slice(1, -1).map(([term, , sign]) => `${sign > 0 ? "+" : "−"} ${money(stats[term] ?? 0, currency)}`);
  const inner = TERMS.slice(1, -1).reduce((sum, [term, , sign]) => sum + sign * cents(stats[term]), 0);
  const holds = inner === cents(stats.end) - cents(stats.start);
  return {
    holds,
    text: `${money(stats.start ?? 0, currency)} ${parts.join(" ")} = ${money(stats.end ?? 0, currency)}`,
    change: `terms sum to end − start = ${money((cents(stats.end) - cents(stats.start)) / 100, currency)}`,
  };
}

/** One waterfall: chart, term buttons, identity. `scope` is {groupKey, groupValue} or {}. */
function waterfall(stats, currency, scope, title, onTerm) {
  const { y0, y1, colors } = spans(stats);
  const chart = h("div", { class: "view-chart" });
  const id = identity(stats, currency);
  const terms = h("ol", { class: "flow-terms" }, TERMS.map(([term, name, sign]) =>
    h("li", {},
      h("button", {
        type: "button",
        class: `flow-term sign${sign}`,
        dataset: { term },
        "aria-label": `${title}: ${name} ${money(stats[term] ?? 0, currency)}; show the deals`,
        onclick: () => onTerm(term, name, scope, title),
      }, h("span", { class: "term-name" }, name), " ", h("span", { class: "term-value" }, money(stats[term] ?? 0, currency)),
      h("span", { class: "term-count" }, ` (${stats[`${term}Count`] ?? 0})`)))));
  const check = h("p", { class: `flow-check ${id.holds ? "holds" : "broken"}` },
    h("span", { class: "flow-sum" }, id.text), " ", h("span", { class: "flow-change" }, `(${id.change}${id.holds ? " ✓" : " ✗ does not hold"})`));
  return {
    el: h("div", { class: "flow-block", dataset: scope.groupValue === undefined ? { scope: "all" } : { scope: "group", group: scope.groupValue } },
      h("div", { class: "view-head" }, h("h3", {}, title), pngButton(chart, `pipeline-flow-${scope.groupValue ?? "all"}`.replace(/[^\w.-]+/g, "_"), `Pipeline flow: ${title}`)),
      chart, terms, check),
    draw: (format) => barChart(chart, {
      labels: TERMS.map(([, name]) => name),
      shortLabels: SHORT,
      bars: [{ label: "flow", y0, y1, fill: colors }],
      format,
      height: scope.groupValue === undefined ? 240 : 170,
      onBar: (_, i) => onTerm(TERMS[i][0], TERMS[i][1], scope, title),
    }),
  };
}

/** Renders the waterfall of `report` (and one per owner when grouped by owner) into `container`.
 * `onTerm(term, name, scope, title)` opens a term's deals. */
export function renderFlow(container, report, onTerm) {
  clearBars(container);
  const flow = report.indicators.find((i) => i.id === "pipeline_flow");
  const head = h("div", { class: "view-intro" },
    h("p", { class: "hint" }, "Open deals expected to close in the period: the pipeline at its start, what came in and went out, and what is left at its end (or as of today). Click a bar or a number for its deals."));
  if (!flow) return fill(container, head, h("p", { class: "empty" }, "Pipeline flow is not in this report."));
  // No deal in any term: say why instead of drawing nine $0 bars (a CSV of closed deals, or open
  // deals without an expected close date, has no flow).
  const moved = Object.entries(flow.stats ?? {}).some(([k, v]) => k.endsWith("Count") && v > 0);
  if (!moved) {
    return fill(container, head, h("p", { class: "empty flow-empty" },
      "No open deal was expected to close in this period, so there is no flow to draw. The flow needs open deals with an expected close date (expectedCloseAt; Salesforce's CloseDate on open opportunities)."));
  }
  const format = (v) => compactValue(v, "currency", report.currency);
  const blocks = [waterfall(flow.stats, report.currency, {}, "All owners", onTerm)];
  const owners = report.groups.owner ?? [];
  for (const row of owners) {
    const f = row.indicators.find((i) => i.id === "pipeline_flow");
    if (f) blocks.push(waterfall(f.stats, report.currency, { groupKey: "owner", groupValue: row.group }, row.group, onTerm));
  }
  const owned = blocks.slice(1);
  // A team of many reps would stack a chart per rep under the total: past OPEN_OWNERS they sit in a
  // closed <details> (a chart per rep on demand), drawn when first opened (a chart needs its width).
  const folded = owned.length > OPEN_OWNERS;
  const list = h("div", { class: "flow-owners" }, owned.map((b) => b.el));
  const byOwner = !owned.length ? null : folded
    ? h("details", { class: "flow-by-owner", ontoggle: (e) => e.target.open && drawOnce(owned, format) },
      h("summary", {}, h("span", { class: "by-owner" }, `By owner (${owned.length} reps)`)), list)
    : [h("h3", { class: "by-owner" }, "By owner"), list];
  fill(container, head, blocks[0].el, byOwner);
  drawOnce(folded ? blocks.slice(0, 1) : blocks, format);
}

/** Rows of bars per owner shown open; more than this fold into a closed "By owner" list. */
const OPEN_OWNERS = 6;

/** Draws each block not drawn yet. */
function drawOnce(blocks, format) {
  for (const b of blocks) {
    if (!b.drawn) b.draw(format);
    b.drawn = true;
  }
}

/** The table of a term's deals with their amounts before and after (from the drill's `moves`). */
export function movesTable(drill, currency) {
  const moves = drill.moves ?? [];
  if (!moves.length) return null;
  const m = (v) => (v === null || v === undefined ? "–" : money(v, currency));
  return h("table", { class: "moves" },
    h("caption", {}, "Each deal: the amount booked to this term, and its amount before and after"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Deal"), h("th", { scope: "col" }, "Booked"), h("th", { scope: "col" }, "Before"), h("th", { scope: "col" }, "After"))),
    h("tbody", {}, moves.map((x) => h("tr", {}, h("th", { scope: "row" }, x.id), h("td", {}, m(x.amount)), h("td", {}, m(x.before)), h("td", {}, m(x.after))))));
}
