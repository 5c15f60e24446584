// The settings panel: time zone, currency, fiscal year start, calendar, stalled-after days and
// "as of" (the day the snapshots are taken: an export's date rather than its latest record),
// for any load (CSV, API JSON, canonical JSON, the sample, a host's data). The values start from
// what the data says (the summary); the time zone starts from the browser's when the data names
// none but the default UTC. Applying re-reads the data with these settings, which win over the
// files' (SpiEngine.fromFiles(files, {settings})), and the column mapper's download keeps them.
// Every value goes in as text or a property, never as HTML.
import { h, fill } from "../lib/dom.js";

/** Common IANA names for the time zone input's suggestions (any IANA name is accepted). */
export const COMMON_ZONES = [
  "UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix",
  "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "America/Mexico_City",
  "America/Bogota", "America/Lima", "America/Santiago", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
  "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome",
  "Europe/Amsterdam", "Europe/Brussels", "Europe/Zurich", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens",
  "Europe/Helsinki", "Europe/Istanbul", "Europe/Moscow", "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos",
  "Africa/Nairobi", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok",
  "Asia/Jakarta", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Taipei", "Asia/Seoul", "Asia/Tokyo",
  "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney", "Australia/Melbourne",
  "Australia/Lord_Howe", "Pacific/Auckland",
];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const CALENDARS = [["standard", "Standard (calendar months)"], ["4-4-5", "Retail 4-4-5"], ["4-5-4", "Retail 4-5-4"], ["5-4-4", "Retail 5-4-4"]];

/** The browser's time zone (an IANA name), or UTC when the browser does not say. */
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * The settings object the engine takes (`settings` of the canonical schema) from the panel's
 * values. `dataCalendar` is the data's retail calendar (summary.fiscalCalendar): its year end and
 * month are kept when only the pattern changes. "standard" over data that declares a retail
 * calendar cannot be expressed as an override (settings only add or replace): it is left out.
 */
export function settingsOf({ timeZone, currency, fiscalYearStartMonth, calendar, stalledAfterDays, asOf = "" }, dataCalendar = null) {
  const out = {};
  if (asOf) out.asOf = asOf;
  if (timeZone.trim()) out.timeZone = timeZone.trim();
  if (currency.trim()) out.currency = currency.trim().toUpperCase();
  if (fiscalYearStartMonth) out.fiscalYearStartMonth = Number(fiscalYearStartMonth);
  if (calendar && calendar !== "standard") out.fiscalCalendar = { ...(dataCalendar ?? {}), pattern: calendar };
  if (String(stalledAfterDays).trim() !== "") out.stalledAfterDays = Number(stalledAfterDays);
  return out;
}

/** The panel's starting values: the applied settings when there are some, else the data's. */
export function startingValues(summary, applied) {
  const zone = applied?.timeZone ?? (summary.timeZone && summary.timeZone !== "UTC" ? summary.timeZone : browserZone());
  return {
    timeZone: zone,
    currency: applied?.currency ?? summary.currency ?? "",
    fiscalYearStartMonth: String(applied?.fiscalYearStartMonth ?? summary.fiscalYearStartMonth ?? 1),
    calendar: applied?.fiscalCalendar?.pattern ?? summary.fiscalCalendar?.pattern ?? "standard",
    stalledAfterDays: applied?.stalledAfterDays ?? summary.stalledAfterDays ?? "",
    // Empty: the data's latest instant, as the engine takes it.
    asOf: applied?.asOf ?? "",
  };
}

const row = (id, text, control) => h("label", { class: "map-row", for: id }, h("span", {}, text), control);

/**
 * Renders the panel into `container` for the loaded `summary`. `applied`: the settings of the
 * current load (null when none). `onApply(settings)` re-reads the data with them.
 */
export function renderSettings(container, summary, applied, onApply) {
  const start = startingValues(summary, applied);
  const zone = h("input", { id: "set-timeZone", name: "timeZone", type: "text", list: "set-zones", autocomplete: "off", spellcheck: "false", value: start.timeZone });
  const zones = h("datalist", { id: "set-zones" }, COMMON_ZONES.map((z) => h("option", { value: z })));
  const currency = h("input", { id: "set-currency", name: "currency", type: "text", maxlength: "3", size: "4", value: start.currency });
  const month = h("select", { id: "set-fiscalYearStartMonth", name: "fiscalYearStartMonth" },
    MONTHS.map((m, i) => h("option", { value: String(i + 1), selected: String(i + 1) === start.fiscalYearStartMonth }, m)));
  const calendar = h("select", { id: "set-calendar", name: "calendar" },
    CALENDARS.map(([value, text]) => h("option", { value, selected: value === start.calendar }, text)));
  const stalled = h("input", { id: "set-stalledAfterDays", name: "stalledAfterDays", type: "number", min: "1", step: "1", placeholder: "from history", value: String(start.stalledAfterDays) });
  const asOf = h("input", { id: "set-asOf", name: "asOf", type: "date", value: start.asOf, "aria-describedby": "set-asOf-hint" });
  // The data's own "now" is known only while no date is applied (the summary's is the applied one).
  const asOfHint = h("span", { class: "hint", id: "set-asOf-hint" }, " empty: the latest date in the data",
    applied?.asOf ? "" : ` (${summary.asOf.slice(0, 10)})`);
  const note = h("p", { class: "hint", id: "set-note" });
  const values = () => ({ timeZone: zone.value, currency: currency.value, fiscalYearStartMonth: month.value, calendar: calendar.value, stalledAfterDays: stalled.value, asOf: asOf.value });
  const explain = () => fill(note, summary.fiscalCalendar && calendar.value === "standard"
    ? "The data declares a retail calendar: settings here can change its pattern but not remove it."
    : "");
  calendar.addEventListener("change", explain);
  explain();

  fill(container,
    h("form", { class: "settings-form", onsubmit: (e) => { e.preventDefault(); onApply(settingsOf(values(), summary.fiscalCalendar)); } },
      h("p", { class: "hint" },
        `Computed in ${summary.timeZone}, ${summary.currency}, fiscal year from ${MONTHS[summary.fiscalYearStartMonth - 1] ?? "January"}`,
        summary.fiscalCalendar ? `, retail ${summary.fiscalCalendar.pattern} calendar` : "",
        ". Settings applied here win over those in the files."),
      row("set-timeZone", "Time zone", zone), zones,
      row("set-currency", "Currency", currency),
      row("set-fiscalYearStartMonth", "Fiscal year starts", month),
      row("set-calendar", "Calendar", calendar),
      row("set-stalledAfterDays", "Stalled after (days)", stalled),
      row("set-asOf", "As of", h("span", {}, asOf, asOfHint)),
      note,
      h("p", { class: "links" }, h("button", { type: "submit", class: "primary" }, "Apply settings and recompute"))));
  container.hidden = false;
}
