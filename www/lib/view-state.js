// The view's state as a URL hash, so that a view can be bookmarked: period (and a custom from/to),
// cadence, grouping, comparison, targets, the open panels and the chosen cards. Only the
// page's own words go in: option values of the controls, indicator ids, ISO dates and numbers.
// No CRM string (an owner, a segment, a record id) ever does: a view must be safe to share while
// the data stays on the device. Parsing never throws: a value that is not one the page offers is
// dropped with a note the page shows.
//
// Pure functions (no DOM): render/view-sync.js reads and applies them on the page.

/** The hash grammar's version; a later grammar can read this one. */
export const VERSION = "1";

/** Longest hash read; anything longer is not a view the page wrote. */
export const MAX_HASH = 2000;


const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const ID = /^[a-z][a-z0-9_]{0,63}$/;
const KEYS = ["v", "period", "from", "to", "cadence", "group", "compare", "targets", "panels", "cards"];

/** A date the calendar has (2026-02-30 is not one). */
export function isDate(text) {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Shown back to the user in a note: short, and only ever as text. */
const quoted = (text) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

/**
 * Reads `hash` ("#period=...&..." or "") against what the page offers:
 * `allowed = {period: [...], cadence: [...], group: [...], panels: [...]}` (option values; the
 * group "" is written "none"). Returns `{state, notes}`: `state` holds only the keys the hash set
 * with a valid value; `notes` says, for the page to show, each value ignored and why. Targets and
 * cards are checked against the report's indicators later (`checkIndicators`).
 */
export function parseHash(hash, allowed) {
  const notes = [];
  const state = {};
  const text = String(hash ?? "").replace(/^#/, "");
  if (!text) return { state, notes };
  if (text.length > MAX_HASH) {
    notes.push(`The view in the address is longer than ${MAX_HASH} characters: ignored.`);
    return { state, notes };
  }
  let params;
  try {
    params = new URLSearchParams(text);
  } catch {
    notes.push("The view in the address could not be read: ignored.");
    return { state, notes };
  }
  const one = (key, check, set = (v) => (state[key] = v)) => {
    const value = params.get(key);
    if (value === null) return;
    if (check(value)) set(value);
    else notes.push(`${key} ${quoted(value)} is not one the page offers: ignored.`);
  };
  for (const key of new Set(params.keys())) {
    if (!KEYS.includes(key)) notes.push(`Unknown view setting ${quoted(key)}: ignored.`);
  }
  one("v", (v) => v === VERSION, () => {});
  one("period", (v) => allowed.period.includes(v));
  one("cadence", (v) => allowed.cadence.includes(v));
  one("group", (v) => (v === "none" ? allowed.group.includes("") : v !== "" && allowed.group.includes(v)), (v) => (state.group = v === "none" ? "" : v));
  one("compare", (v) => v === "1" || v === "0", (v) => (state.compare = v === "1"));
  one("from", isDate);
  one("to", isDate);
  if ((state.from || state.to) && state.period !== "custom") {
    notes.push("from/to apply only to the custom period: ignored.");
    delete state.from;
    delete state.to;
  } else if (state.from && state.to && state.from > state.to) {
    notes.push(`from ${state.from} is after to ${state.to}: both ignored.`);
    delete state.from;
    delete state.to;
  }
  one("targets", () => true, (v) => (state.targets = parseTargets(v, notes)));
  one("panels", () => true, (v) => (state.panels = parseList(v, "panel", (p) => allowed.panels.includes(p), notes)));
  one("cards", () => true, (v) => (state.cards = parseList(v, "card", (id) => ID.test(id), notes)));
  return { state, notes };
}

/** "a,b,c" -> the items that pass `ok`, each once, in order; the others are noted. */
function parseList(text, what, ok, notes) {
  const out = [];
  for (const item of text.split(",")) {
    if (item === "") continue;
    if (!ok(item)) notes.push(`${what} ${quoted(item)} is not one the page offers: ignored.`);
    else if (!out.includes(item)) out.push(item);
  }
  return out;
}

/**
 * "win_rate:30:,average_deal_size::5000" -> {win_rate: {min: "30", max: ""}, ...}: the values as
 * typed in the targets form (percent for ratios), kept as text so that they round-trip exactly.
 */
function parseTargets(text, notes) {
  const out = {};
  for (const item of text.split(",")) {
    if (item === "") continue;
    const parts = item.split(":");
    const [id, min = "", max = ""] = parts;
    const ok = parts.length <= 3 && ID.test(id) && [min, max].every((v) => v === "" || NUMBER.test(v)) && (min !== "" || max !== "");
    if (ok) out[id] = { min, max };
    else notes.push(`target ${quoted(item)} is not "indicator:min:max" with numbers: ignored.`);
  }
  return out;
}

/**
 * Drops the targets and cards naming an indicator the report does not have (`ids`), with notes.
 * Returns `{state, notes}` (a new state).
 */
export function checkIndicators(state, ids) {
  const notes = [];
  const known = new Set(ids);
  const next = { ...state };
  if (state.targets) {
    next.targets = {};
    for (const [id, band] of Object.entries(state.targets)) {
      if (known.has(id)) next.targets[id] = band;
      else notes.push(`target for ${quoted(id)}: no such indicator, ignored.`);
    }
  }
  if (state.cards) {
    next.cards = state.cards.filter((id) => known.has(id));
    for (const id of state.cards) if (!known.has(id)) notes.push(`card ${quoted(id)}: no such indicator, ignored.`);
  }
  return { state: next, notes };
}

/** The hash of a full state (`cards` null: the core set, not written). */
export function formatHash(state) {
  const params = new URLSearchParams();
  params.set("v", VERSION);
  if (state.period) params.set("period", state.period);
  if (state.period === "custom") {
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
  }
  if (state.cadence) params.set("cadence", state.cadence);
  if (state.group !== undefined) params.set("group", state.group === "" ? "none" : state.group);
  if (state.compare !== undefined) params.set("compare", state.compare ? "1" : "0");
  const targets = Object.entries(state.targets ?? {})
    .filter(([, b]) => b.min !== "" || b.max !== "")
    .map(([id, b]) => `${id}:${b.min}:${b.max}`);
  if (targets.length) params.set("targets", targets.join(","));
  if (state.panels?.length) params.set("panels", state.panels.join(","));
  if (state.cards) params.set("cards", state.cards.join(","));
  // URLSearchParams writes ":" and "," escaped; the hash keeps them readable (both are allowed there).
  return `#${params.toString().replaceAll("%3A", ":").replaceAll("%2C", ",")}`;
}

/** The cards to show, in order: the chosen ones the report has, or the core set's (`core`: the
 * catalog's default cards, lib/catalog.js `coreCards()`). */
export function cardsShown(chosen, ids, core) {
  const known = new Set(ids);
  return (chosen ?? core).filter((id) => known.has(id));
}

/** The query fields a host may send the report page: those its controls can show. */
export const QUERY_FIELDS = ["from", "to", "cadence", "groupBy", "compare"];

/**
 * A host's `query` (spi:data, docs/page.md) as a view `state` for the page's controls, or
 * `{error, path}` for the first part the controls cannot show. Unlike a hash (a bookmark, where a
 * stale value is dropped with a note), a host's query is refused whole: a report looking as asked
 * but computed another way is a silent wrong number. `from`/`to` are dates (`to` exclusive, as in
 * the query; the page's "to" picker is inclusive, so the day before). What the query leaves out
 * keeps the page's current value.
 */
export function viewOfQuery(query, allowed) {
  const refuse = (path, error) => ({ error: `spi:data: query.${path}: ${error}`, path: `query.${path}` });
  if (query === null || typeof query !== "object" || Array.isArray(query)) return { error: "spi:data: query: expected an object", path: "query" };
  for (const key of Object.keys(query)) {
    if (!QUERY_FIELDS.includes(key)) {
      return refuse(key, `the report page takes ${QUERY_FIELDS.join(", ")} (the rest of its view comes from its controls); the sidebar and the package take a whole query`);
    }
  }
  const state = {};
  if ((query.from === undefined) !== (query.to === undefined)) return refuse(query.from === undefined ? "from" : "to", "give from and to together");
  if (query.from !== undefined) {
    for (const key of ["from", "to"]) {
      if (typeof query[key] !== "string" || !isDate(query[key])) return refuse(key, `expected a date (YYYY-MM-DD), got ${quoted(String(query[key]))}`);
    }
    if (query.from >= query.to) return refuse("to", `${query.to} is not after from ${query.from}`);
    const before = new Date(Date.parse(`${query.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    Object.assign(state, { period: "custom", from: query.from, to: before });
  }
  if (query.cadence !== undefined) {
    if (!allowed.cadence.includes(query.cadence)) return refuse("cadence", `expected one of ${allowed.cadence.join(", ")}, got ${quoted(String(query.cadence))}`);
    state.cadence = query.cadence;
  }
  if (query.groupBy !== undefined) {
    const keys = query.groupBy;
    const one = Array.isArray(keys) && keys.length <= 1 ? (keys[0] ?? "") : null;
    if (one === null) return refuse("groupBy", "the report page groups by one key at most: give [] or [key]");
    if (typeof one !== "string" || !allowed.group.includes(one) || (one === "" && keys.length === 1)) {
      return refuse("groupBy", `expected one of ${allowed.group.filter(Boolean).join(", ")}, got ${quoted(String(one))}`);
    }
    state.group = one;
  }
  if (query.compare !== undefined) {
    if (query.compare !== null && query.compare !== "previous_period") return refuse("compare", `expected "previous_period" or null, got ${quoted(String(query.compare))}`);
    state.compare = query.compare === "previous_period";
  }
  return { state };
}
