// "Choose cards": which indicators appear as cards, and in what order. A list of every indicator
// of the report, each with a checkbox and "move up" / "move down" buttons: plain form controls,
// so the whole picker works from the keyboard (Tab, Space), and after a move the focus stays on
// the moved row's button while a live region says where it went. Until the user picks, the cards
// are the core set (the catalog's default cards, lib/catalog.js coreCards); the choice lives in the view state (the hash).
import { h, fill } from "../lib/dom.js";
import { label } from "../lib/format.js";
import { cardsShown } from "../lib/view-state.js";
import { coreCards } from "../lib/catalog.js";

/**
 * Builds the picker into `container` (a <details id="card-picker">). `onChange()` runs after each
 * user change (re-render the cards, write the hash). Returns {chosen, setChosen, render, shown}.
 */
export function setupCardPicker(container, onChange) {
  let chosen = null; // ids in order, or null: the core set
  let ids = []; // the report's indicator ids, in its order
  let order = []; // every id in the picker's order: the chosen ones first

  const summary = h("summary", {});
  const list = h("ol", { class: "pick-list", "aria-label": "Indicators shown as cards" });
  const live = h("p", { class: "visually-hidden", "aria-live": "polite" });
  const reset = h("button", { type: "button", class: "pick-reset", onclick: () => {
    chosen = null;
    draw();
    onChange();
    say("Back to the core set of cards.");
  } }, "Show the core set");
  fill(container, summary,
    h("p", { class: "hint" }, "Tick the indicators to show as cards; move them up or down to order them."),
    list, h("p", { class: "links" }, reset), live);

  const say = (text) => fill(live, text);
  const current = () => cardsShown(chosen, ids, coreCards());

  /** The picker's order: the shown cards first, in their order, then the others in the report's. */
  function arrange() {
    const shown = current();
    order = [...shown, ...ids.filter((id) => !shown.includes(id))];
  }

  function commit(nextOrder, checked) {
    order = nextOrder;
    chosen = order.filter((id) => checked.has(id));
    onChange();
  }

  function move(id, step) {
    const at = order.indexOf(id);
    const to = at + step;
    if (at < 0 || to < 0 || to >= order.length) return;
    const next = [...order];
    [next[at], next[to]] = [next[to], next[at]];
    commit(next, new Set(current()));
    draw(false);
    const row = list.querySelector(`li[data-indicator="${id}"]`);
    const button = row?.querySelector(step < 0 ? ".pick-up" : ".pick-down");
    (button && !button.disabled ? button : row?.querySelector(step < 0 ? ".pick-down" : ".pick-up"))?.focus();
    say(`${label(id)} moved to position ${to + 1} of ${order.length}.`);
  }

  function toggle(id, on) {
    const checked = new Set(current());
    if (on) checked.add(id);
    else checked.delete(id);
    commit(order, checked);
    draw(false);
    say(`${label(id)} ${on ? "shown" : "hidden"}: ${checked.size} cards.`);
  }

  function draw(rearrange = true) {
    if (rearrange) arrange();
    const shown = new Set(current());
    fill(summary, `Choose cards (${shown.size} of ${ids.length} shown)`);
    fill(list, order.map((id, i) => {
      const name = label(id);
      return h("li", { class: "pick-row", dataset: { indicator: id } }, h("span", { class: "pick-line" },
        h("input", { type: "checkbox", id: `pick-${id}`, checked: shown.has(id), onchange: (e) => toggle(id, e.target.checked) }),
        h("label", { for: `pick-${id}` }, name),
        h("button", { type: "button", class: "pick-up", disabled: i === 0, "aria-label": `Move ${name} up`, onclick: () => move(id, -1) }, "↑"),
        h("button", { type: "button", class: "pick-down", disabled: i === order.length - 1, "aria-label": `Move ${name} down`, onclick: () => move(id, 1) }, "↓")));
    }));
    reset.disabled = chosen === null;
  }

  return {
    /** The user's choice (ids in order), or null for the core set. */
    chosen: () => (chosen ? [...chosen] : null),
    /** Sets the choice (from the hash; null: the core set); ids the report lacks are not shown. */
    setChosen(next) {
      chosen = next ? [...next] : null;
      if (ids.length) draw();
    },
    /** Lists the indicators of `report` (after each report). */
    render(report) {
      const next = report.indicators.map((i) => i.id);
      const same = next.length === ids.length && next.every((id, i) => id === ids[i]);
      ids = next;
      if (!same || !order.length) draw();
    },
    /** `report` with only the chosen cards' indicators, in the chosen order (for renderCards). */
    shown(report) {
      const byId = new Map(report.indicators.map((i) => [i.id, i]));
      return { ...report, indicators: cardsShown(chosen, [...byId.keys()], coreCards()).map((id) => byId.get(id)) };
    },
  };
}
