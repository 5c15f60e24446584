// "Keep this data on this device" and "Forget this data": the consent control for lib/keep.js.
// Nothing is stored until the box is ticked; ticking stores the files shown (with the mappings and
// settings the user applied), and a later re-read of the same files (a mapping, settings) updates
// the kept copy. A new drop is not kept until the box is ticked again for it. Unticking, or
// "Forget this data", deletes the database. Only dropped files can be kept: the sample is always
// there, and a host sends its data again. Every storage failure is said in an alert here.
import { h, fill } from "../lib/dom.js";
import { keep, kept, forget } from "../lib/keep.js";

/** The user's choices kept beside the files, as text to tell a change. */
const choicesOf = (load) => JSON.stringify({ mappings: load.mappings ?? {}, settings: load.settings ?? null });

const when = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "at an unknown date" : d.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
};

/**
 * Builds the control into `container`. Returns {start(): the kept dataset to restore or null,
 * loaded(source, name, settings): after each load that succeeded}.
 */
export function setupKeep(container) {
  let stored = null; // {name, savedAt, choices} of what the database holds, or null
  let keptFiles = null; // the File array of the shown load when it is the kept one
  let restoring = false;
  let restored = false;
  let shown = null; // {files, mappings, name, settings} of the shown load when it is files, else null
  let said = "";

  const box = h("input", { type: "checkbox", id: "keep-data", disabled: true, onchange: () => (box.checked ? keepShown() : forgetAll()) });
  const status = h("p", { id: "keep-status", class: "hint", role: "status" });
  const forgetButton = h("button", { type: "button", id: "forget-data", hidden: true, onclick: () => forgetAll() }, "Forget this data");
  const alert = h("p", { id: "keep-error", role: "alert", hidden: true });
  fill(container,
    h("div", { class: "keep-row" },
      h("label", { class: "check", for: "keep-data" }, box, " Keep this data on this device"),
      forgetButton),
    status, alert);

  const isShownKept = () => Boolean(shown && keptFiles && shown.files === keptFiles);

  function draw() {
    box.disabled = !shown;
    box.checked = isShownKept();
    forgetButton.hidden = !stored;
    let text = said;
    if (stored && isShownKept()) text = `${restored ? "Restored from this device" : "Kept on this device"}, saved ${when(stored.savedAt)}. Only this browser holds it; "Forget this data" deletes it.`;
    else if (stored) text = `Kept on this device: ${stored.name}, saved ${when(stored.savedAt)} (not the data shown). Reopening the page shows it.`;
    else if (!shown && !said) text = "Only loaded files can be kept on this device (the sample and a host's data are not).";
    fill(status, text);
    // The exact instant of the kept copy, for the page's observers (tests).
    if (stored) status.dataset.savedAt = stored.savedAt;
    else delete status.dataset.savedAt;
  }

  function fail(error) {
    alert.hidden = false;
    fill(alert, `${error.message ?? String(error)} Nothing new was kept.`);
  }

  function clearAlert() {
    alert.hidden = true;
    fill(alert);
  }

  async function save() {
    const savedAt = await keep({ name: shown.name, files: shown.files, mappings: shown.mappings, settings: shown.settings });
    stored = { name: shown.name, savedAt, choices: choicesOf(shown) };
    keptFiles = shown.files;
  }

  async function keepShown() {
    if (!shown) return;
    box.disabled = true;
    clearAlert();
    fill(status, "Keeping the data on this device…");
    const hadStored = Boolean(stored);
    try {
      await save();
      restored = false;
      said = "";
    } catch (e) {
      // A first save that failed may leave an empty database: nothing of it should stay.
      if (!hadStored) await forget().catch(() => {});
      fail(e);
    }
    draw();
  }

  async function forgetAll() {
    box.disabled = true;
    clearAlert();
    try {
      await forget();
      stored = null;
      keptFiles = null;
      restored = false;
      said = "Forgotten: nothing of the data is kept in this browser's storage.";
    } catch (e) {
      fail(e);
    }
    draw();
  }

  draw();
  return {
    /** The kept dataset `{name, files, mappings, settings, savedAt}` to load at start, or null. */
    async start() {
      try {
        const record = await kept();
        if (record) {
          stored = { name: record.name, savedAt: record.savedAt, choices: choicesOf(record) };
          restoring = true;
        }
        draw();
        return record;
      } catch (e) {
        // Said, but not as an alert: the page works without storage; ticking Keep then alerts.
        said = `${e.message ?? String(e)} Nothing kept can be shown.`;
        draw();
        return null;
      }
    },
    /** After a load: what is shown now; a re-read of the kept files keeps their new mappings and settings. */
    loaded(source, name, settings) {
      const files = source.kind === "files" ? source.files : null;
      const sameFiles = Boolean(files && shown && files === shown.files);
      shown = files ? { files, mappings: source.mappings ?? {}, name: sameFiles ? shown.name : name, settings } : null;
      if (restoring && files) {
        keptFiles = files;
        restored = true;
      }
      restoring = false;
      if (!isShownKept()) restored = false;
      if (isShownKept() && choicesOf(shown) !== stored?.choices) {
        save().then(draw, (e) => {
          fail(e);
          draw();
        });
      }
      said = "";
      draw();
    },
  };
}
