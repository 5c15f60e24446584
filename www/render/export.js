// Exports generated in the page (Blob + a download link): the report as JSON and the visible
// segments table as CSV. No network: the file is built from memory.
import { $ } from "../lib/dom.js";
import { tableModel } from "./groups.js";

/** Offers `text` as a file named `name`, built in memory (a Blob URL), never sent anywhere. */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = $("download");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A CSV field: quoted when needed; a leading = + - @ is defused for spreadsheets. */
function field(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function exportJson(report) {
  download(`spi-report-${report.query.from.slice(0, 10)}.json`, "application/json", JSON.stringify(report, null, 2));
}

/** The segments table as shown (same rows, same order), values unformatted. */
export function tableCsv(report) {
  const model = tableModel(report);
  if (!model) {
    const head = ["indicator", "value", "numerator", "denominator", "sampleSize", "previous", "change"];
    const rows = report.indicators.map((i) => [i.id, i.value, i.numerator, i.denominator, i.sampleSize, i.previous?.value ?? null, i.change]);
    return [head, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
  }
  const head = [model.key, ...model.columns.map((c) => c.id)];
  const rows = model.rows.map((r) => [r.group, ...model.columns.map((c) => r.values[c.id]?.value ?? null)]);
  return [head, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

export function exportCsv(report) {
  const key = report.query.groupBy[0] ?? "indicators";
  download(`spi-${key}-${report.query.from.slice(0, 10)}.csv`, "text/csv", tableCsv(report));
}

