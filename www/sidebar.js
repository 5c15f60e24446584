// The CRM sidebar: a compact (320-400 px) view of one rep's or one account's indicators, for an
// iframe in a CRM page. The host sends data with postMessage (lib/protocol.js); the worker
// computes (the package's worker API, lib/engine.js); this file only renders. Also used by the
// extension's side panel with the sample. The newest message wins: an older one still loading is
// answered `superseded` (before the newer one's answer) and never renders over it.
import { $, h, fill } from "./lib/dom.js";
import { loadSource, startEngine } from "./lib/engine.js";
import { listen, sourceOf } from "./lib/protocol.js";
import { label, formatValue, formatChange, direction, money } from "./lib/format.js";
import { headlines, loadCatalog } from "./lib/catalog.js";

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

/** Renders the focus (`{owner}` or `{accountId}`) of `report`. */
export function renderSidebar(report, focus = {}) {
  const owner = focus.owner != null ? String(focus.owner) : null;
  const rows = owner ? report.groups.owner?.find((r) => r.group === owner) : null;
  const own = Object.fromEntries((rows?.indicators ?? []).map((f) => [f.id, f]));
  fill($("side-title"), owner ? owner : focus.accountId != null ? `Account ${focus.accountId}` : "All deals");
  fill($("side-sub"), `${report.query.from.slice(0, 10)} to ${report.query.to.slice(0, 10)}`,
    owner && !rows ? " · no records for this owner in the period" : "");
  const byId = Object.fromEntries(report.indicators.map((i) => [i.id, i]));
  fill($("side-kpis"), headlines("sidebar").filter((id) => byId[id]).map((id) =>
    kpi(id, owner ? own[id] ?? null : null, byId[id], byId[id].unit, report.currency)));
  const actions = report.actions.filter((a) => !owner || (a.groupKey === "owner" && a.group === owner)).slice(0, 5);
  fill($("side-actions"), actions.length
    ? actions.map((a) => h("li", { class: `side-action ${a.severity}` },
      h("p", {}, a.message), h("p", { class: "hint" }, a.action, a.impact ? ` (${money(a.impact, report.currency)} at stake)` : "")))
    : h("li", { class: "hint" }, "No action needed."));
  $("side-error").hidden = true;
  document.body.dataset.ready = "true";
}

/** Shows `e` instead of the figures (they belong to data or a query that is no longer current);
 * a superseded request shows nothing: the newer one shows its outcome. */
function showError(e) {
  if (e?.code === "superseded") return;
  fill($("side-kpis"));
  fill($("side-actions"));
  fill($("side-sub"), "");
  $("side-error").hidden = false;
  $("side-error").textContent = `${e.message}${e.path ? ` (at ${e.path})` : ""}`;
  document.body.dataset.ready = "error";
}

/** Loads `source`, then renders the focus (see showReport). */
export async function show(source, query = {}, focus = {}) {
  $("side-error").hidden = true;
  const accountId = focus?.accountId ?? null;
  const summary = await loadSource(engine, accountId != null ? { ...source, accountId } : source);
  await showReport(query, focus);
  return summary;
}

/** Computes the loaded dataset with `query` (grouped by owner when focusing on one), renders. */
export async function showReport(query = {}, focus = {}) {
  const groupBy = focus?.owner != null ? ["owner"] : [];
  const report = await engine.report({ ...query, groupBy });
  await loadCatalog(engine);
  renderSidebar(report, focus ?? {});
}

if (!document.documentElement.dataset.standalone) {
  listen(async (message, reply) => {
    try {
      const s = await show(sourceOf(message), message.query ?? {}, message.focus ?? {});
      reply({ type: "spi:rendered", summary: { deals: s.deals, owners: s.owners.length, asOf: s.asOf } });
    } catch (e) {
      showError(e);
      reply({ type: "spi:error", error: { message: e.message, code: e.code, path: e.path } });
    }
  });
}

export { showError };
