// The sortable segments table: one row per group value, one column per headline indicator of the
// catalog (lib/catalog.js). Header
// buttons sort (aria-sort tells the order); every number is a button that opens its drill-down.
import { GROUPING_NOTES } from "./cards.js";
import { h, fill } from "../lib/dom.js";
import { label, formatValue } from "../lib/format.js";
import { headlines } from "../lib/catalog.js";

const byName = (a, b) => a.localeCompare(b, "en", { numeric: true });

let sort = { column: "group", descending: false };

/** The visible table as data: {key, columns: [{id, unit}], rows: [{group, values: {id: figure}}]}. */
export function tableModel(report) {
  const key = report.query.groupBy[0];
  if (!key) return null;
  const units = Object.fromEntries(report.indicators.map((i) => [i.id, i.unit]));
  const columns = headlines("segments").filter((id) => units[id]).map((id) => ({ id, unit: units[id] }));
  const rows = (report.groups[key] ?? []).map((row) => ({
    group: row.group,
    values: Object.fromEntries(row.indicators.map((f) => [f.id, f])),
  }));
  const value = (row) => (sort.column === "group" ? row.group : row.values[sort.column]?.value ?? null);
  rows.sort((a, b) => {
    if ((a.group === "(none)") !== (b.group === "(none)")) return a.group === "(none)" ? 1 : -1;
    const x = value(a);
    const y = value(b);
    if (x === y) return byName(a.group, b.group);
    if (x === null) return 1; // empty cells last, whichever the order
    if (y === null) return -1;
    const order = typeof x === "string" ? byName(x, y) : x - y;
    return sort.descending ? -order : order;
  });
  return { key, columns, rows };
}

function header(id, text, rerender) {
  const active = sort.column === id;
  return h("th", { scope: "col", "aria-sort": active ? (sort.descending ? "descending" : "ascending") : "none" },
    h("button", {
      type: "button",
      class: "sort",
      dataset: { column: id },
      onclick: () => {
        sort = { column: id, descending: active ? !sort.descending : id !== "group" };
        rerender();
      },
    }, text, active ? (sort.descending ? " ▼" : " ▲") : ""));
}

function cell(figure, unit, currency, row, key, onDrill, id) {
  if (!figure) return h("td", { class: "num" }, "–");
  const text = formatValue(figure.value, unit, currency);
  return h("td", { class: `num ${figure.target?.status ?? ""}`, dataset: { indicator: id } },
    h("button", {
      type: "button",
      class: "cell",
      title: `n = ${figure.sampleSize}`,
      onclick: () => onDrill({ indicator: id, groupKey: key, groupValue: row.group }, `${label(id)}, ${key} ${row.group}: ${text}`),
    }, text));
}

export function renderGroups(container, report, onDrill) {
  const rerender = () => renderGroups(container, report, onDrill);
  const model = tableModel(report);
  if (!model) return fill(container, h("p", { class: "empty" }, "Choose a “Group by” key to compare segments."));
  const { key, columns, rows } = model;
  const notes = new Map(report.indicators.flatMap((i) => i.notes ?? []).filter((n) => GROUPING_NOTES.has(n.code)).map((n) => [n.code, n]));
  fill(container,
    [...notes.values()].map((n) => h("p", { class: "note", dataset: { code: n.code } }, `⚠ ${n.message}`)),
    h("table", { id: "groups-table", class: "groups" },
      h("caption", {}, `${rows.length} ${key} values; targets missed are marked`),
      h("thead", {}, h("tr", {}, header("group", key, rerender), columns.map((c) => header(c.id, label(c.id), rerender)))),
      h("tbody", {}, rows.map((row) =>
        h("tr", { dataset: { group: row.group } },
          h("th", { scope: "row" }, row.group),
          columns.map((c) => cell(row.values[c.id], c.unit, report.currency, row, key, onDrill, c.id)),
        ))),
    ));
}
