// The drill-down dialog: the numerator, the denominator and the ids of the records behind a
// number (from engine.drill in the worker), or a plain list of record ids (actions, checks).
import { $, h, fill } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";

const SHOWN = 500;

function idList(title, table, ids, total = ids.length) {
  return h("section", { class: "ids" },
    h("h3", {}, `${title}: ${total.toLocaleString("en")} ${table ?? "records"}`),
    ids.length
      ? h("ul", { class: "id-list" }, ids.slice(0, SHOWN).map((id) => h("li", {}, id)))
      : h("p", { class: "empty" }, "none"),
    ids.length > SHOWN ? h("p", { class: "hint" }, `first ${SHOWN} shown; the JSON export has them all`) : null,
    total > ids.length ? h("p", { class: "hint" }, `${ids.length} examples of ${total}`) : null);
}

function open(title, ...body) {
  fill($("drill-title"), title);
  fill($("drill-body"), ...body);
  const dialog = $("drill");
  if (!dialog.open) dialog.showModal();
  dialog.dataset.ready = "true";
  // Closed, it is ready no more: a wait for the next drill (the browser tests wait on
  // data-ready) must not see the last one's state (view-hash's loop once pressed Escape on a
  // dialog not open yet, then the drill opened over the page).
  dialog.onclose = () => delete dialog.dataset.ready;
}

export function showLoading(title) {
  $("drill").dataset.ready = "false";
  open(title, h("p", { class: "hint" }, "Finding the records…"));
}

export function showDrill(title, drill) {
  const f = drill.figure;
  open(title,
    h("dl", { class: "figure" },
      h("dt", {}, "Value"), h("dd", { id: "drill-value" }, formatNumber(f.value)),
      h("dt", {}, "Numerator"), h("dd", { id: "drill-numerator" }, formatNumber(f.numerator)),
      h("dt", {}, "Denominator"), h("dd", { id: "drill-denominator" }, formatNumber(f.denominator)),
      h("dt", {}, "Period"), h("dd", {}, `${drill.from.slice(0, 10)} to ${drill.to.slice(0, 10)} (exclusive)`)),
    idList("Numerator", drill.numeratorTable, drill.numeratorIds),
    idList("Denominator", drill.denominatorTable, drill.denominatorIds));
}

export function showRecords(title, table, ids, total) {
  open(title, idList("Records", table, ids, total));
}

export function showDrillError(title, error) {
  open(title, h("p", { role: "alert" }, error.message));
}
