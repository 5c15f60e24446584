// Minimal report page: loads the bundled sample, computes the report in WebAssembly, and renders
// the indicators as a table. CRM strings are untrusted: everything is written with textContent.
import init, { SpiEngine } from "./pkg/spi_wasm.js";

const $ = (id) => document.getElementById(id);

function format(value, unit, currency) {
  if (value === null || value === undefined) return "–";
  switch (unit) {
    case "ratio":
      return `${(value * 100).toFixed(1)}%`;
    case "currency":
    case "currency_per_day":
      return `${money(value, currency)}${unit === "currency_per_day" ? "/day" : ""}`;
    case "days":
      return `${value.toFixed(1)} d`;
    case "minutes":
      return `${value.toFixed(0)} min`;
    case "multiple":
      return `${value.toFixed(2)}×`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
}

function money(value, currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${value.toFixed(0)} ${currency}`;
  }
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(report) {
  const body = $("indicators").tBodies[0];
  body.replaceChildren();
  for (const ind of report.indicators) {
    const row = body.insertRow();
    row.dataset.indicator = ind.id;
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = ind.id.replaceAll("_", " ");
    name.title = ind.definition;
    row.append(name);
    const numeric = (v) => (v === null ? "–" : String(Math.round(v * 100) / 100));
    cell(row, format(ind.value, ind.unit, report.currency), ind.value === null ? "insufficient" : "value");
    cell(row, numeric(ind.numerator));
    cell(row, numeric(ind.denominator));
    cell(row, String(ind.sampleSize));
    cell(row, format(ind.previous?.value ?? null, ind.unit, report.currency));
  }
  $("caption").textContent =
    `${report.query.from.slice(0, 10)} to ${report.query.to.slice(0, 10)} (exclusive), amounts in ${report.currency}`;
  $("indicators").hidden = false;
}

async function main() {
  await init();
  const response = await fetch("sample.json");
  if (!response.ok) throw new Error(`sample.json: HTTP ${response.status}`);
  const engine = SpiEngine.fromJson(new Uint8Array(await response.arrayBuffer()));
  try {
    const summary = engine.summary();
    render(engine.report({ cadence: "month" }));
    $("status").textContent =
      `Sample dataset: ${summary.deals} deals, ${summary.owners.length} owners, as of ${summary.asOf.slice(0, 10)}.`;
    document.body.dataset.ready = "true";
  } finally {
    engine.free();
  }
}

main().catch((error) => {
  $("status").hidden = true;
  $("error").hidden = false;
  $("error").textContent = `Could not compute the report: ${error.message}${error.path ? ` (at ${error.path})` : ""}`;
  document.body.dataset.ready = "error";
});
