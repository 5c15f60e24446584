// The report page: loads data into the worker (sample, files, drag and drop, or a host's
// postMessage), turns the controls into a query, and renders the report the worker computes.
// The main thread never computes an indicator.
import { $, fill } from "./lib/dom.js";
import { loadSource, startEngine } from "./lib/engine.js";
import { loadCatalog } from "./lib/catalog.js";
import { listen, rendered, sourceOf, REPORT_FIELDS } from "./lib/protocol.js";
import { setupControls } from "./controls.js";
import { renderCards } from "./render/cards.js";
import { renderFunnel } from "./render/funnel.js";
import { renderLost } from "./render/lost.js";
import { renderGroups } from "./render/groups.js";
import { renderActions, renderHealth } from "./render/actions.js";
import { showDrill, showDrillError, showLoading, showRecords } from "./render/drill.js";
import { exportCsv, exportJson } from "./render/export.js";
import { setupRead } from "./read.js";
import { count, periodFlag } from "./render/sources.js";
import { renderSettings } from "./render/settings.js";
import { setupKeep } from "./render/keep.js";
import { setupView } from "./render/view-sync.js";
import { viewOfQuery } from "./lib/view-state.js";
import { renderViews } from "./render/views.js";

const engine = startEngine();
const PHASES = { reading: 1, parsing: 2, computing: 3 };
let summary = null;
let report = null;
let query = null;
let generation = 0;
// The last load's source and name, and the user's settings applied to it (null: the files').
let current = null;
let settings = null;

const megabytes = (bytes) => (bytes / 1e6).toLocaleString("en", { maximumFractionDigits: 1 });

/** "12.5 of 240.7 MB, 51,200 records" for a streamed load; "" otherwise. */
function amountRead({ loaded, total, records }) {
  if (loaded === undefined) return "";
  const of = total ? ` of ${megabytes(total)}` : "";
  return `: ${megabytes(loaded)}${of} MB, ${(records ?? 0).toLocaleString("en")} records`;
}

function onProgress(message) {
  const { phase, file, index, count, loaded, total } = message;
  const bar = $("progress");
  bar.hidden = false;
  // A streamed load knows its size: the bar shows bytes; otherwise it steps through the phases.
  if (loaded !== undefined && total) {
    bar.max = total;
    bar.value = loaded;
  } else {
    bar.max = 3;
    bar.value = PHASES[phase] ?? 0;
  }
  const what = file ? ` ${file}${count > 1 ? ` (${index + 1} of ${count})` : ""}` : "";
  $("status").textContent = `${phase[0].toUpperCase()}${phase.slice(1)}${what}${amountRead(message)}…`;
  document.body.dataset.busy = phase;
}

/** Hides the report: after a failure, what is on screen would no longer be current. */
function dropReport() {
  report = null;
  $("report").hidden = true;
  $("query-echo").textContent = "";
}

function showError(error) {
  dropReport();
  $("error").hidden = false;
  const where = [error.file, error.path].filter(Boolean).join(": ");
  $("error").textContent = `Could not compute the report: ${error.message}${where ? ` (at ${where})` : ""}`;
  document.body.dataset.ready = "error";
}

function done(text) {
  $("progress").hidden = true;
  delete document.body.dataset.busy;
  $("status").textContent = text;
}

function describe(s, name) {
  return `${name}: ${count(s.deals, "deals")}, ${count(s.leads, "leads")}, ${count(s.owners.length, "owners")}, as of ${s.asOf.slice(0, 10)}.`;
}

function render() {
  const onDrill = drill;
  renderCards($("cards"), view.cards(report), onDrill);
  renderActions($("actions"), report, showRecords, onDrill);
  renderHealth($("health"), report, showRecords);
  renderFunnel($("funnel"), report.funnel, onDrill, report.currency);
  renderLost($("lost"), report, onDrill);
  renderGroups($("groups"), report, onDrill);
  renderViews($("views"), { report, query, engine, drill });
  periodFlag($("sources"), report, summary);
  const q = report.query;
  fill($("query-echo"), `${q.from.slice(0, 10)} to ${q.to.slice(0, 10)} (exclusive), by ${q.cadence}, amounts in ${report.currency}`,
    q.previous ? `; compared with ${q.previous[0].slice(0, 10)} to ${q.previous[1].slice(0, 10)}` : "");
  view.rendered(report);
}

async function recompute() {
  if (!summary) return;
  const mine = ++generation;
  query = controls.query(summary);
  try {
    const next = await engine.report(query, { onProgress });
    await loadCatalog(engine); // the labels and headline lists (read once)
    if (mine !== generation) return; // a newer request superseded this one
    report = next;
    controls.setIndicators(report);
    $("error").hidden = true;
    render();
    $("report").hidden = false;
    done($("status").dataset.loaded ?? "");
    document.body.dataset.query = JSON.stringify(query);
    document.body.dataset.ready = "true";
    document.body.dataset.generation = String(mine);
  } catch (e) {
    // A newer request (report or load) superseded this one: the newer one shows its outcome.
    if (mine === generation && e.code !== "superseded") {
      done("");
      showError(e);
    }
  }
}

async function load(source, name) {
  current = { source, name };
  summary = null;
  document.body.dataset.ready = "loading";
  $("error").hidden = true;
  // Counts finished loads (refused or not), for the page's observers (tests, hosts).
  const counted = () => (document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1));
  try {
    summary = await loadSource(engine, source, { onProgress, ...(settings ? { settings } : {}) });
  } catch (e) {
    // A newer load superseded this one (the engine settles it at once): its outcome is the newer one's.
    if (e.code === "superseded") throw e;
    counted();
    done("");
    dropReport();
    read.refused(e, name);
    document.body.dataset.ready = "error";
    throw e;
  }
  counted();
  memory.loaded(source, name, settings);
  read.loaded(summary, name);
  showSettings();
  $("status").dataset.loaded = describe(summary, name);
  await recompute();
  return summary;
}

async function drill(request, title) {
  showLoading(title);
  try {
    const result = await engine.drill(query, request);
    showDrill(title, result);
    return result;
  } catch (e) {
    if (e.code !== "superseded") showDrillError(title, e);
  }
}

function loadFiles(files) {
  if (!files.length) return;
  const name = files.length === 1 ? files[0].name : `${files.length} files`;
  loadNew(read.dropped(files), name).catch(() => {});
}

/** The settings panel for the loaded data; applying re-reads the same data with the settings. */
function showSettings() {
  $("settings-panel").hidden = false;
  renderSettings($("settings"), summary, settings, (chosen) => {
    settings = chosen;
    load(current.source, current.name).catch(() => {});
  });
}

const controls = setupControls(recompute);
const memory = setupKeep($("keep"));
const view = setupView({ onCards: () => report && renderCards($("cards"), view.cards(report), drill) });
const read = setupRead(engine, load, () => settings);
// New data starts from its own settings; re-reads (a mapping, the settings panel) keep the user's.
const loadNew = (source, name) => {
  settings = null;
  return load(source, name);
};
const loadOther = (source, name) => {
  read.other();
  return loadNew(source, name);
};
$("files").addEventListener("change", (e) => loadFiles(e.target.files));
$("sample").addEventListener("click", () => loadOther({ kind: "sample", url: sampleUrl }, "Sample dataset").catch(() => {}));
const drop = $("drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  loadFiles(e.dataTransfer.files);
});
$("export-json").addEventListener("click", () => report && exportJson(report));
$("export-csv").addEventListener("click", () => report && exportCsv(report));

// A host window (opener or parent) may send data instead of the sample.
listen(async (message, reply) => {
  try {
    // The host's query sets the controls before the load computes with them; one the controls
    // cannot show is refused before anything is loaded.
    if (message.query !== undefined) {
      const asked = viewOfQuery(message.query, view.allowed());
      if (asked.error) return reply({ type: "spi:error", error: { message: asked.error, code: "invalid_message", path: asked.path } });
      view.setQuery(asked.state);
      controls.showCustoms();
    }
    const s = await loadOther(sourceOf(message), "Data from the host");
    reply(rendered(s));
  } catch (e) {
    reply({ type: "spi:error", error: { message: e.message, code: e.code, path: e.path } });
  }
}, REPORT_FIELDS);

const sampleUrl = new URL("./sample.json", document.baseURI).href;
// Data kept on this device (with the user's consent) opens instead of the sample.
// (A host's data that came first wins: it is the newer request.)
memory.start().then((kept) => {
  if (current) return undefined;
  if (kept) {
    settings = kept.settings;
    return load(read.dropped(kept.files, kept.mappings), kept.name);
  }
  if (new URLSearchParams(location.search).has("nosample")) return undefined;
  return loadOther({ kind: "sample", url: sampleUrl }, "Sample dataset");
}).catch(() => {});
