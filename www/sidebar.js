// The CRM sidebar: a compact (320-400 px) view of one rep's or one account's indicators, for an
// iframe in a CRM page. The host sends data with postMessage (lib/protocol.js); the worker
// computes (the package's worker API, lib/engine.js); this file only renders. Also used by the
// extension's side panel with the sample. The newest message wins: an older one still loading is
// answered `superseded` (before the newer one's answer) and never renders over it.
import { $, h, fill } from "./lib/dom.js";
import { loadSource, startEngine } from "./lib/engine.js";
import { listen, rendered, sourceOf } from "./lib/protocol.js";
import { label, formatValue, formatChange, direction, money } from "./lib/format.js";
import { headlines, loadCatalog } from "./lib/catalog.js";
import { renderScorecardList } from "./render/scorecard.js";

const engine = startEngine();

function kpi(id, own, all, unit, currency) {
  const figure = own ?? all;
  return h("li", { class: "side-kpi", dataset: { indicator: id } },
    h("span", { class: "name" }, label(id)),
    h("span", { class: "val" }, formatValue(figure?.value ?? null, unit, currency)),
    own && all ? h("span", { class: "ref" }, `all ${formatValue(all.value, unit, currency)}`) : null,
    !own && all?.change != null ? h("span", { class: `chg ${direction(all.change, all.better)}` }, formatChange(all.change, unit, currency)) : null,
    figure?.target ? h("span", { class: `badge ${figure.target.status}` }, figure.target.status) : null);
}

/** Renders the focus (`{owner}` or `{accountId}`) of `report`; a rep focus is the page's rep
 * scorecard (render/scorecard.js), with the change from `previous` (the previous period's report
 * grouped by owner) once it is known. */
export function renderSidebar(report, focus = {}, previous = null) {
  const owner = focus.owner != null ? String(focus.owner) : null;
  const rows = owner ? report.groups.owner?.find((r) => r.group === owner) : null;
  fill($("side-title"), owner ? owner : focus.accountId != null ? `Account ${focus.accountId}` : "All deals");
  fill($("side-sub"), `${report.query.from.slice(0, 10)} to ${report.query.to.slice(0, 10)}`,
    owner && !rows ? " · no records for this owner in the period" : "");
  const byId = Object.fromEntries(report.indicators.map((i) => [i.id, i]));
  // The catalog's sidebar indicators: for a rep, the page's scorecard rows of those (the same
  // code as the page's rep scorecard); else the totals.
  const ids = headlines("sidebar").filter((id) => byId[id]);
  if (owner) renderScorecardList($("side-kpis"), { report, previous, owner, ids });
  else fill($("side-kpis"), ids.map((id) => kpi(id, null, byId[id], byId[id].unit, report.currency)));
  const actions = report.actions.filter((a) => !owner || (a.groupKey === "owner" && a.group === owner)).slice(0, 5);
  fill($("side-actions"), actions.length
    ? actions.map((a) => h("li", { class: `side-action ${a.severity}` },
      h("p", {}, a.message), h("p", { class: "hint" }, a.action, a.impact ? ` (${money(a.impact, report.currency)} at stake)` : "")))
    : h("li", { class: "hint" }, "No action needed."));
  $("side-error").hidden = true;
  document.body.dataset.ready = "true";
}

/** Lists what the read means when the figures will be empty or partial (the engine's
 * `summary.flags`: one API page of more, no owner, no date): a sidebar fed one page of a CRM
 * query must not show its figures as the whole. */
function showFlags(flags) {
  fill($("side-flags"), flags.map((f) => h("li", { dataset: { code: f.code } }, f.message)));
  $("side-flags").hidden = flags.length === 0;
}

/** Shows `e` instead of the figures (they belong to data or a query that is no longer current);
 * a superseded request shows nothing: the newer one shows its outcome. */
function showError(e) {
  if (e?.code === "superseded") return;
  fill($("side-kpis"));
  fill($("side-actions"));
  fill($("side-sub"), "");
  showFlags([]);
  $("side-error").hidden = false;
  $("side-error").textContent = `${e.message}${e.path ? ` (at ${e.path})` : ""}`;
  document.body.dataset.ready = "error";
}

/** Loads `source`, then renders the focus (see showReport). */
export async function show(source, query = {}, focus = {}) {
  $("side-error").hidden = true;
  const accountId = focus?.accountId ?? null;
  const summary = await loadSource(engine, accountId != null ? { ...source, accountId } : source);
  showFlags(summary.flags);
  await showReport(query, focus);
  return summary;
}

/** Computes the loaded dataset with `query` (grouped by owner when focusing on one), renders. */
export async function showReport(query = {}, focus = {}) {
  const groupBy = focus?.owner != null ? ["owner"] : [];
  const report = await engine.report({ ...query, groupBy });
  await loadCatalog(engine);
  renderSidebar(report, focus ?? {});
  const prev = report.query.previous;
  if (focus?.owner == null || !prev) return;
  // The trend of each figure: the previous period's, asked after the report (never superseding it).
  try {
    const previous = await engine.report({ ...query, groupBy, from: prev[0], to: prev[1], compare: null });
    renderSidebar(report, focus ?? {}, previous);
  } catch (e) {
    // Superseded by newer data (which renders itself), or no previous figures: the report stands.
    if (e?.code !== "superseded") console.warn("previous period", e);
  }
}

if (!document.documentElement.dataset.standalone) {
  listen(async (message, reply) => {
    try {
      const s = await show(sourceOf(message), message.query ?? {}, message.focus ?? {});
      reply(rendered(s));
    } catch (e) {
      showError(e);
      reply({ type: "spi:error", error: { message: e.message, code: e.code, path: e.path } });
    }
  });
}

export { showError };
