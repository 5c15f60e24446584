// The page's three manager views under the funnel: the pipeline flow waterfall, the forecast
// against quota and the rep scorecard, each a section with its own heading (and, for print, its
// own page break). This file wires them to the page: the drill-downs (a flow term's deals get
// their amounts before and after under the ids) and, for the scorecard, the report grouped by
// owner for the current and the previous period (asked of the worker after the page's report,
// so it never supersedes it).
import { $, h, fill } from "../lib/dom.js";
import { renderFlow, movesTable } from "./flow.js";
import { renderForecast } from "./forecast.js";
import { renderScorecard } from "./scorecard.js";
import "./views.css";

let rep = null;
let asked = 0;

function sections(container) {
  if (!$("flow-view")) {
    const section = (id, title, hint) => h("section", { class: "view", "aria-labelledby": `${id}-title` },
      h("h2", { id: `${id}-title` }, title), hint ? h("p", { class: "hint" }, hint) : null, h("div", { id }));
    fill(container,
      section("flow-view", "Pipeline flow"),
      section("forecast-view", "Forecast against quota"),
      section("scorecard-view", "Rep scorecard", "Each indicator of one rep beside the median of all reps, with the 95% interval of a ratio and the change from the previous period."));
  }
  return { flow: $("flow-view"), forecast: $("forecast-view"), scorecard: $("scorecard-view") };
}

/** Renders the views of `report`. `drill(request, title)` opens the drill-down and resolves to
 * the drill (or undefined); `engine` and `query` ask for the scorecard's reports. */
export function renderViews(container, { report, query, engine, drill }) {
  const el = sections(container);
  const currency = report.currency;
  renderFlow(el.flow, report, async (term, name, scope, title) => {
    const d = await drill({ indicator: "pipeline_flow", term, ...scope }, `Pipeline flow, ${title}: ${name}`);
    const table = d && movesTable(d, currency);
    if (table && $("drill-body")) $("drill-body").prepend(table);
  });
  renderForecast(el.forecast, report,
    (bucket, part, name) => drill({ indicator: "quota_attainment", forecast: { bucket, part } }, `Forecast ${bucket}: ${name}`),
    drill);
  scorecard(el.scorecard, { report, query, engine, drill });
}

/** The scorecard from the page's report when grouped by owner (else one asked for), then again
 * with the previous period's figures once they come. */
async function scorecard(container, { report, query, engine, drill }) {
  const mine = ++asked;
  container.dataset.ready = "false";
  const draw = (current, previous) => {
    const owners = (current.groups.owner ?? []).map((r) => r.group).filter((g) => g !== "(none)");
    if (!owners.includes(rep)) rep = owners[0] ?? null;
    renderScorecard(container, {
      report: current,
      previous,
      owner: rep,
      onDrill: drill,
      onPick: (owner) => {
        rep = owner;
        draw(current, previous);
      },
    });
  };
  try {
    const byOwner = { ...query, groupBy: ["owner"] };
    const current = report.groups.owner ? report : await engine.report(byOwner);
    if (mine !== asked) return;
    draw(current, null);
    const prev = current.query.previous;
    if (prev) {
      const previous = await engine.report({ ...byOwner, from: prev[0], to: prev[1], compare: null });
      if (mine !== asked) return;
      draw(current, previous);
    }
    container.dataset.ready = "true";
  } catch (e) {
    // A newer report superseded this one: the newer render draws the scorecard again.
    if (e.code !== "superseded" && mine === asked) {
      fill(container, h("p", { role: "alert" }, `The scorecard could not be computed: ${e.message}`));
      container.dataset.ready = "error";
    }
  }
}
