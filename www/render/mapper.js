// The column mapper: for one CSV file, the user picks which column feeds each canonical field of
// a record kind, sees the first rows of the chosen columns, and applies the mapping (the page
// reads the files again with it) or downloads it as JSON for `spi report --mapping FILE` or the
// package's `mapping`. The header and rows come from the file itself (lib/csv-header.js), so the
// mapper works for a file the engine refused. Every cell goes in as text.
import { h, fill } from "../lib/dom.js";

const NONE = "";

/**
 * The mapping JSON for a file: the preset it was read with (when it fits the kind, so that its
 * other columns and stage list still apply), the kind, and the chosen columns.
 */
export function mappingOf({ preset, presetKind, kind, fields }) {
  const chosen = Object.fromEntries(Object.entries(fields).filter(([, column]) => column));
  const base = preset && preset !== "custom" && presetKind === kind ? { preset } : {};
  return { ...base, kind, fields: chosen };
}

function previewTable(head, fields) {
  const chosen = Object.entries(fields).filter(([, column]) => column);
  if (!chosen.length) return h("p", { class: "hint" }, "Pick a column for a field to preview it.");
  const index = (column) => head.header.indexOf(column);
  return h("table", { class: "preview" },
    h("caption", {}, `First ${head.rows.length} rows of the chosen columns`),
    h("thead", {}, h("tr", {}, chosen.map(([field, column]) => h("th", { scope: "col" }, `${field} ← ${column}`)))),
    h("tbody", {}, head.rows.map((row) => h("tr", {}, chosen.map(([, column]) => h("td", {}, row[index(column)] ?? ""))))),
  );
}

function columnSelect(field, head, value, onChange) {
  const id = `map-${field}`;
  const select = h("select", { id, name: field, dataset: { field }, onchange: onChange },
    h("option", { value: NONE }, "— not read —"),
    head.header.map((column) => h("option", { value: column, selected: column === value }, column)));
  return h("label", { class: "map-row", for: id }, h("span", {}, field), select);
}

/**
 * Renders the mapper for `file` into `container`.
 * options: {head: {header, rows}, fieldsByKind: {kind: string[]}, kind, preset, current: {field: column},
 *           onApply(mapping), onDownload(mapping)}
 */
export function renderMapper(container, file, options) {
  const { head, fieldsByKind, preset, onApply, onDownload } = options;
  const presetKind = options.kind ?? "deals";
  const state = { kind: presetKind, fields: { ...(options.current ?? {}) } };
  const known = new Set(head.header);
  for (const [field, column] of Object.entries(state.fields)) if (!known.has(column)) delete state.fields[field];

  const grid = h("div", { class: "map-grid" });
  const preview = h("div", { class: "map-preview table-wrap" });
  const mapping = () => mappingOf({ preset, presetKind, kind: state.kind, fields: state.fields });
  const update = () => fill(preview, previewTable(head, state.fields));
  const drawFields = () => {
    const fields = fieldsByKind[state.kind] ?? [];
    for (const f of Object.keys(state.fields)) if (!fields.includes(f)) delete state.fields[f];
    fill(grid, fields.map((field) => columnSelect(field, head, state.fields[field], (e) => {
      state.fields[field] = e.target.value;
      update();
    })));
    update();
  };
  const kinds = Object.keys(fieldsByKind);
  const kindSelect = h("select", { id: "map-kind", name: "kind", onchange: (e) => { state.kind = e.target.value; drawFields(); } },
    kinds.map((k) => h("option", { value: k, selected: k === state.kind }, k)));

  fill(container,
    h("form", { class: "mapper", dataset: { file: file.name }, onsubmit: (e) => { e.preventDefault(); onApply(mapping()); } },
      h("h3", {}, `Map the columns of ${file.name}`),
      h("p", { class: "hint" },
        preset && preset !== "custom" ? `Starts from preset ${preset}: a field left "not read" keeps the preset's column when it has one. ` : "",
        "Nothing leaves the browser."),
      h("label", { class: "map-row", for: "map-kind" }, h("span", {}, "Records are"), kindSelect),
      grid,
      preview,
      h("p", { class: "links" },
        h("button", { type: "submit", class: "primary" }, "Apply and recompute"),
        h("button", { type: "button", onclick: () => onDownload(mapping()) }, "Download the mapping (JSON)")),
    ));
  drawFields();
  container.hidden = false;
}
