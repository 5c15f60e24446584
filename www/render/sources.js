// The "What was read" panel: for each file, how the engine read it (format, preset, whether it
// was detected and how sure it was, records by kind, which column fed each canonical field and how
// many records hold a value, columns left unread, date formats, the file's warnings), and for the
// whole dataset the engine's flags (`summary.flags`: nothing countable, no owner, no dates, dates
// in 1970, one API page of more). A report that looks fine but is empty or partial must never go
// without a word: each such sign is flagged.
// Fields added by newer engines (confidence, evidence, alternatives, coverage, unread, warnings)
// are shown when present and tolerated when absent.
import { h, fill } from "../lib/dom.js";

/** Below this confidence a detected preset is flagged as a weak match. */
export const LOW_CONFIDENCE = 0.6;
/** Below this share of records holding a value, a key field is flagged. */
export const LOW_COVERAGE = 0.5;

/** The fields the headline indicators need, per record kind; `outcome` is any one of them. */
const KEY_FIELDS = {
  deals: { fields: ["createdAt", "closedAt", "amount", "owner"], outcome: ["stage", "status", "won"] },
  leads: { fields: ["createdAt"], outcome: [] },
  activities: { fields: ["at"], outcome: [] },
};

/** "1 owner", "50 deals": `what` is the plural. */
/** "1 deal", "2 deals", "1 activity": a count with its noun. */
export const count = (n, what) => `${n.toLocaleString("en")} ${n === 1 ? what.replace(/(ies|s)$/, (m) => (m === "ies" ? "y" : "")) : what}`;
const pct = (x) => `${Math.round(x * 100)}%`;

/** Coverage rows of a source: [{field, column, filled, flag}] (filled null when not reported). */
export function coverageRows(source) {
  const rows = source.coverage
    ? source.coverage.map((c) => ({ field: c.field, column: c.column ?? null, filled: c.filled ?? null }))
    : Object.entries(source.columns ?? {}).map(([field, column]) => ({ field, column, filled: null }));
  const key = KEY_FIELDS[source.kind];
  if (key) {
    for (const field of key.fields) if (!rows.some((r) => r.field === field)) rows.push({ field, column: null, filled: null });
  }
  const important = new Set([...(key?.fields ?? []), ...(key?.outcome ?? [])]);
  for (const r of rows) {
    if (!important.has(r.field)) continue;
    if (r.column === null) r.flag = "not read";
    else if (r.filled !== null && source.records > 0 && r.filled === 0) r.flag = "empty";
    else if (r.filled !== null && source.records > 0 && r.filled / source.records < LOW_COVERAGE) r.flag = "low coverage";
  }
  return rows;
}

/** Source-level flags: weak detection, no outcome column, key fields missing or thin. */
export function sourceFlags(source) {
  const flags = [];
  if (source.detected && typeof source.confidence === "number" && source.confidence < LOW_CONFIDENCE) {
    flags.push(`weak match for preset ${source.preset} (confidence ${pct(source.confidence)})`);
  }
  const key = KEY_FIELDS[source.kind];
  const rows = coverageRows(source);
  if (key?.outcome.length && !key.outcome.some((f) => rows.some((r) => r.field === f && r.column !== null))) {
    flags.push(`no column tells won from lost (${key.outcome.join(", ")}: none read)`);
  }
  for (const r of rows) if (r.flag) flags.push(`${r.field}: ${r.flag}`);
  if (source.kind && source.records === 0) flags.push("no record read");
  // An API page whose other pages were not given: every figure counts part of the result.
  if ((source.warnings ?? []).some((w) => w.code === "partial_response")) flags.push("one page of a longer response: the other pages are missing");
  return flags;
}

function detection(source) {
  if (!source.preset) return "canonical JSON";
  const how = source.detected ? "detected" : "given";
  const sure = typeof source.confidence === "number" ? `, confidence ${pct(source.confidence)}` : "";
  return `preset ${source.preset} (${how}${sure})`;
}

function fact(term, ...value) {
  return [h("dt", {}, term), h("dd", {}, ...value)];
}

function listed(values) {
  return values.length ? values.join(", ") : "none";
}

function facts(source) {
  const records = source.kind ? count(source.records, source.kind) : "see the totals above";
  const skipped = source.skipped ? `; ${count(source.skipped, "rows")} skipped` : "";
  const dates = Object.entries(source.dateFormats ?? {}).map(([column, format]) => `${column}: ${format}`);
  // A score is evidence points (weighted columns, marks), not a share: shown as points.
  const alternatives = (source.alternatives ?? []).map((a) => `${a.preset} (score ${a.score})`);
  return h("dl", { class: "source-facts" },
    fact("Format", source.format, source.separator ? ` (separator ${source.separator === "\t" ? "tab" : source.separator})` : ""),
    fact("Read as", detection(source)),
    source.evidence ? fact("Evidence", listed(source.evidence)) : null,
    alternatives.length ? fact("Runners-up", alternatives.join(", ")) : null,
    fact("Records", records, skipped),
    fact("Date formats", dates.length ? dates.join("; ") : "ISO or none to settle"),
    Object.keys(source.historyColumns ?? {}).length ? fact("History columns", listed(Object.values(source.historyColumns))) : null,
    source.unread ? fact("Unread columns", listed(source.unread)) : null,
  );
}

function coverageTable(source) {
  const rows = coverageRows(source);
  const filled = (r) => (r.filled === null ? (r.column ? "read" : "–") : `${r.filled.toLocaleString("en")}/${source.records.toLocaleString("en")}`);
  return h("table", { class: "coverage" },
    h("caption", {}, source.coverage ? "Coverage: records holding a usable value" : "Columns read (this engine does not report coverage)"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Column"), h("th", { scope: "col" }, "Filled"))),
    h("tbody", {}, rows.map((r) =>
      h("tr", { class: r.flag ? "flagged" : null, dataset: { field: r.field } },
        h("th", { scope: "row" }, r.field),
        h("td", {}, r.column ?? "not read"),
        h("td", {}, filled(r), r.flag ? h("span", { class: "badge warning" }, r.flag) : null)))),
  );
}

function warningList(warnings) {
  if (!warnings?.length) return null;
  return h("ul", { class: "source-warnings" }, warnings.map((w) =>
    h("li", { dataset: { code: w.code } },
      h("span", { class: "badge warning" }, w.code),
      ` ${w.message}`,
      w.count > 1 ? ` (${w.count.toLocaleString("en")})` : "",
      w.examples?.length ? h("span", { class: "examples" }, ` e.g. ${w.examples.slice(0, 3).join(", ")}`) : null)));
}

/** One file's <details>; `mapButton` (or null) opens the column mapper for it. */
function sourcePanel(source, index, mapButton) {
  const flags = sourceFlags(source);
  const name = source.name ?? `source ${index + 1}`;
  return h("details", { class: `source${flags.length ? " flagged" : ""}`, open: flags.length > 0, dataset: { source: name } },
    h("summary", {},
      h("strong", {}, name),
      ` · ${source.format} · ${detection(source)}${source.kind ? ` · ${count(source.records, source.kind)}` : ""}`,
      flags.length ? h("span", { class: "badge warning" }, `${flags.length} to check`) : null),
    flags.length ? h("ul", { class: "source-flags" }, flags.map((f) => h("li", {}, f))) : null,
    facts(source),
    source.kind ? coverageTable(source) : null,
    warningList(source.warnings),
    mapButton,
  );
}

function totals(summary) {
  const parts = [count(summary.deals, "deals"), count(summary.leads, "leads"), count(summary.activities ?? 0, "activities"),
    count(summary.contacts ?? 0, "contacts"), count(summary.owners.length, "owners")];
  // Closes count too: a bulk-loaded org's deals can close before the one instant they were created.
  const first = [summary.first, summary.firstClose].filter(Boolean).sort()[0];
  const span = first ? `dates ${first.slice(0, 10)} to ${(summary.last ?? first).slice(0, 10)}` : "no dates";
  return h("p", { class: "read-totals" }, `Read in all: ${parts.join(", ")}; ${span}; as of ${summary.asOf.slice(0, 10)}.`);
}

/**
 * Says, above the panel, when the chosen period holds no closed deal: the cards then show dashes
 * for a reason that is not the file's (a bulk-loaded org's "this quarter" may hold no close at all).
 * It names where the closes are, not the data's creation span: a bulk-loaded org's deals can all
 * close before the instant they were created, and then no period inside that span would help.
 */
export function periodFlag(container, report, summary) {
  container.querySelector(".period-flags")?.remove();
  const win = report.indicators.find((i) => i.id === "win_rate");
  if (!win || win.sampleSize > 0 || !summary.deals) return;
  const q = report.query;
  const day = (iso) => iso.slice(0, 10);
  // Closed deals with no close date (a close date column not read) are not "no closed deal".
  const undated = (summary.warnings ?? []).find((w) => w.code === "closed_without_date");
  const message = summary.firstClose
    ? ` No deal closed between ${day(q.from)} and ${day(q.to)}: win rate, deal size and cycle show dashes. Pick a period with closes: deals close from ${day(summary.firstClose)} to ${day(summary.lastClose ?? summary.firstClose)}.`
    : undated
      ? ` ${undated.count} deals are closed but none has a close date: win rate, deal size and cycle show dashes in every period. Map the column that holds the close date (closedAt).`
      : " No deal in the data is closed (won or lost): win rate, deal size and cycle show dashes in every period. Check that the export has the stage, won and closed columns.";
  container.prepend(h("ul", { class: "period-flags", role: "status" },
    h("li", { dataset: { code: "empty_period" } }, h("span", { class: "badge warning" }, "period"), message)));
}

/**
 * Renders the panel for a loaded dataset. `mapButtonFor(source)` returns a button opening the
 * mapper for a source (or null when the file cannot be re-read, e.g. data from a host).
 */
export function renderSources(container, summary, name, mapButtonFor) {
  const flags = summary.flags;
  const sources = summary.sources ?? [];
  // Warnings that no source claims (older engines keep them only on the dataset).
  const claimed = sources.some((s) => Array.isArray(s.warnings));
  fill(container,
    flags.length
      ? h("ul", { class: "read-flags", role: "status" }, flags.map((f) => h("li", { dataset: { code: f.code } }, h("span", { class: "badge error" }, "check"), ` ${f.message}`)))
      : null,
    totals(summary),
    sources.length
      ? sources.map((s, i) => sourcePanel(s, i, mapButtonFor(s)))
      : h("p", { class: "hint" }, `${name}: one canonical JSON document, read by its own field names.`),
    claimed ? null : warningList(summary.warnings),
  );
  container.closest("section").hidden = false;
}
