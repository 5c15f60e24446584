// The report controls: period presets, cadence, group by, comparison and targets -> a query.
// Every control is a labelled form element (keyboard reachable); a change calls `onChange`.
import { $, h, fill } from "./lib/dom.js";
import { label } from "./lib/format.js";
import { periodFor } from "./lib/period.js";

const RATIO_UNITS = new Set(["ratio"]);

/** Wires the controls; returns {showCustoms(), query(summary), setIndicators(report)}. */
export function setupControls(onChange) {
  const form = $("controls");
  let units = {};
  const customs = form.querySelectorAll(".custom");
  /** The custom period's date pickers show only with the custom period. */
  const showCustoms = () => {
    const custom = $("period").value === "custom";
    for (const el of customs) el.hidden = !custom;
  };
  form.addEventListener("change", () => {
    showCustoms();
    onChange();
  });
  form.addEventListener("submit", (e) => e.preventDefault());

  function targets() {
    const out = {};
    for (const row of $("targets").querySelectorAll("[data-indicator]")) {
      const id = row.dataset.indicator;
      const scale = RATIO_UNITS.has(units[id]) ? 100 : 1;
      const read = (name) => {
        const v = row.querySelector(`input[name="${name}"]`).value;
        return v === "" ? null : Number(v) / scale;
      };
      const min = read("min");
      const max = read("max");
      if (min !== null || max !== null) out[id] = { min, max };
    }
    return out;
  }

  return {
    showCustoms,
    query(summary) {
      const { from, to } = periodFor($("period").value, summary, { from: $("from").value, to: $("to").value });
      const groupBy = $("groupBy").value;
      return {
        from,
        to,
        cadence: $("cadence").value,
        groupBy: groupBy ? [groupBy] : [],
        compare: $("compare").checked ? "previous_period" : null,
        targets: targets(),
      };
    },
    /** Builds the targets rows once the indicators (and their units) are known. */
    setIndicators(report) {
      if (Object.keys(units).length) return;
      units = Object.fromEntries(report.indicators.map((i) => [i.id, i.unit]));
      fill(
        $("targets"),
        report.indicators.map((i) =>
          h("div", { class: "target-row", dataset: { indicator: i.id } },
            h("span", { id: `t-${i.id}` }, label(i.id), RATIO_UNITS.has(i.unit) ? " (%)" : ""),
            h("input", { name: "min", type: "number", step: "any", "aria-label": `${label(i.id)} minimum`, placeholder: "min" }),
            h("input", { name: "max", type: "number", step: "any", "aria-label": `${label(i.id)} maximum`, placeholder: "max" }),
          ),
        ),
      );
    },
  };
}
