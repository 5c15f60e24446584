// Keeps the URL hash and the page's view in step (lib/view-state.js has the grammar): each change
// of a control, a panel opened or closed and a card picked rewrites the hash (replaceState: no
// history entry per click); opening the page with a hash, or editing it, applies it. Values the
// page does not offer are ignored with a note beside the controls, never an error. The controls'
// own listener (controls.js) recomputes; this module only reads and sets their values.
import { $, h, fill } from "../lib/dom.js";
import { parseHash, formatHash, checkIndicators } from "../lib/view-state.js";
import { setupCardPicker } from "./card-picker.js";

/** The panels whose open state is part of the view: name -> its <details>. */
const PANELS = {
  targets: () => document.querySelector("#controls details.targets"),
  settings: () => $("settings-panel"),
  health: () => document.querySelector("details.health"),
  cards: () => $("card-picker"),
};

const values = (select) => [...select.options].map((o) => o.value);

/** What the controls offer: the values a hash or a host's query may set. */
const allowed = () => ({ period: values($("period")), cadence: values($("cadence")), group: values($("groupBy")), panels: Object.keys(PANELS) });

/**
 * Wires the hash to the page. `onCards()` re-renders the cards after the user picks. Returns
 * {cards(report): the report with the chosen cards only, rendered(report): after each render}.
 */
export function setupView({ onCards }) {
  const form = $("controls");
  const note = h("p", { id: "view-note", class: "view-note", role: "status", hidden: true });
  $("query-echo").before(note);
  const picker = setupCardPicker($("card-picker"), () => {
    onCards();
    write();
  });
  // Targets from the hash wait for the target rows, which the first report's indicators build.
  let pending = null;
  let indicatorIds = null;
  let notes = [];

  const rows = () => [...$("targets").querySelectorAll("[data-indicator]")];
  const input = (row, name) => row.querySelector(`input[name="${name}"]`);

  function targetsShown() {
    if (!rows().length) return pending?.targets ?? {};
    const out = {};
    for (const row of rows()) {
      const min = input(row, "min").value;
      const max = input(row, "max").value;
      if (min !== "" || max !== "") out[row.dataset.indicator] = { min, max };
    }
    return out;
  }

  /** The view as the controls show it. */
  function read() {
    const period = $("period").value;
    return {
      period,
      from: period === "custom" ? $("from").value : "",
      to: period === "custom" ? $("to").value : "",
      cadence: $("cadence").value,
      group: $("groupBy").value,
      compare: $("compare").checked,
      targets: targetsShown(),
      panels: Object.keys(PANELS).filter((name) => PANELS[name]()?.open),
      cards: picker.chosen(),
    };
  }

  function write() {
    const hash = formatHash(read());
    if (hash !== location.hash) history.replaceState(history.state, "", hash);
  }

  function showNotes(next) {
    notes = next;
    note.hidden = notes.length === 0;
    fill(note, notes.length ? [h("strong", {}, "View in the address: "), notes.join(" ")] : []);
  }

  function setTargets(targets) {
    for (const row of rows()) {
      const band = targets[row.dataset.indicator];
      input(row, "min").value = band?.min ?? "";
      input(row, "max").value = band?.max ?? "";
    }
  }

  /** Sets the period, cadence, grouping and comparison controls that `state` names. */
  function setControls(state) {
    if (state.period) $("period").value = state.period;
    if (state.period === "custom") {
      $("from").value = state.from ?? "";
      $("to").value = state.to ?? "";
    }
    if (state.cadence) $("cadence").value = state.cadence;
    if (state.group !== undefined) $("groupBy").value = state.group;
    if (state.compare !== undefined) $("compare").checked = state.compare;
  }

  /** Applies the hash; the form's change event then recomputes (controls.js) and rewrites it. */
  function apply() {
    const parsed = parseHash(location.hash, allowed());
    if (!location.hash || location.hash === "#") return;
    let { state } = parsed;
    const found = [...parsed.notes];
    if (indicatorIds) {
      const checked = checkIndicators(state, indicatorIds);
      state = checked.state;
      found.push(...checked.notes);
    }
    setControls(state);
    const targets = state.targets ?? {};
    if (rows().length) setTargets(targets);
    else pending = { targets, cards: state.cards };
    picker.setChosen(state.cards ?? null);
    const open = new Set(state.panels ?? []);
    for (const [name, panel] of Object.entries(PANELS)) {
      const el = panel();
      if (el) el.open = open.has(name);
    }
    showNotes(found);
    form.dispatchEvent(new Event("change"));
  }

  form.addEventListener("change", () => write());
  for (const panel of Object.values(PANELS)) panel()?.addEventListener("toggle", () => write());
  addEventListener("hashchange", () => apply());
  apply();

  return {
    cards: (report) => picker.shown(report),
    /** A host's query (lib/view-state.js `viewOfQuery`) as the controls' values, written to the
     * hash; the caller's load computes with them. */
    setQuery(state) {
      setControls(state);
      write();
    },
    /** What the controls offer, for checking a host's query against. */
    allowed,
    /** After each render: the picker's list; the first time, the hash's targets and cards. */
    rendered(report) {
      picker.render(report);
      if (indicatorIds) return;
      indicatorIds = report.indicators.map((i) => i.id);
      if (!pending) return;
      const checked = checkIndicators(pending, indicatorIds);
      pending = null;
      if (checked.notes.length) showNotes([...notes, ...checked.notes]);
      picker.setChosen(checked.state.cards ?? null);
      if (Object.keys(checked.state.targets).length) {
        setTargets(checked.state.targets);
        form.dispatchEvent(new Event("change"));
      } else {
        write();
      }
    },
  };
}
