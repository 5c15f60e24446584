// The benchmark's core set, computed three ways, and the check that they agree.
//
// Core set over the period [FROM, TO), by month (UTC) and by owner (the deal's current owner):
//   win rate (won / closed, by close time), win rate by value (won amount / closed amount),
//   average deal size (mean amount of deals won), sales cycle (mean and median days created ->
//   close of deals won), pipeline created (amount and count of deals created), stage conversion
//   `reached` (cohort: deals created; headline won / reached first stage; per stage `reached`
//   counts for the whole period).
// Rules (the canonical schema's, as the core applies them to this data): close time = the history
// entry that moved the deal into its final closed stage, else `closedAt`; amounts converted into
// USD at the rate in force at close (the latest rate for open deals); dates are ISO dates (UTC
// midnight), ISO date-times or epoch milliseconds (number or numeric string).

export const FROM = Date.UTC(2024, 10, 1); // 2024-11-01
export const TO = Date.UTC(2026, 10, 23); // 2026-11-23 (asOf)
export const QUERY = {
  from: "2024-11-01",
  to: "2026-11-23",
  cadence: "month",
  groupBy: ["owner"],
  compare: null,
  indicators: ["win_rate", "win_rate_by_value", "average_deal_size", "sales_cycle_days", "pipeline_created", "stage_conversion"],
};
/** Every indicator over the same period (the first all-indicator report after load). */
export const ALL_QUERY = { from: QUERY.from, to: QUERY.to, cadence: "month", groupBy: ["owner"] };
/**
 * The re-queries timed on a loaded engine (7 each, after its first reports): a new period and a
 * new grouping, of the core set and of every indicator. Node (contender.mjs) and Chromium
 * (browser.mjs) time the same ones; the core set's two are the re-query target.
 */
export const REQUERIES = {
  "core set, new period (one quarter)": { ...QUERY, from: "2026-05-01", to: "2026-08-01" },
  "core set, new grouping (segment)": { ...QUERY, groupBy: ["segment"] },
  "all indicators, new period (one quarter)": { from: "2026-05-01", to: "2026-08-01", cadence: "week", groupBy: ["owner"] },
  "all indicators, new grouping (segment)": { from: "2025-11-01", to: "2026-11-23", cadence: "month", groupBy: ["segment"] },
};
/** Relative tolerance for agreement: sums of up to 1M floats in different orders. */
export const TOLERANCE = 1e-9;

// ---------------------------------------------------------------- (e) plain JS, one pass

/** Epoch ms of a canonical date value; NaN when absent. */
export function toMs(v) {
  if (v === undefined || v === null) return NaN;
  if (typeof v === "number") return v;
  if (/^\d+$/.test(v)) return Number(v);
  return Date.parse(v.length === 10 ? v + "T00:00:00Z" : v);
}

function rateTable(fx) {
  const table = new Map();
  for (const [code, r] of Object.entries(fx ?? {})) {
    // A fixed rate is a number or a numeric string (benches/gen-alt.mjs writes one of each).
    const list = !Array.isArray(r) ? [[-Infinity, Number(r)]] : r.map((x) => [toMs(x.from), Number(x.rate)]).sort((a, b) => a[0] - b[0]);
    table.set(code.toUpperCase(), list);
  }
  return table;
}

function rateAt(list, at) {
  if (Number.isNaN(at)) return list[list.length - 1][1];
  let rate = list[0][1];
  for (const [from, r] of list) if (from <= at) rate = r;
  return rate;
}

/** Plain JS: one pass over parsed data, accumulating per month and per owner. */
export function plainJs(data) {
  const base = (data.settings?.currency ?? "USD").toUpperCase();
  const fx = rateTable(data.fx);
  const kind = new Map();
  const openPos = new Map();
  const open = (data.stages ?? []).filter((s) => (s.kind ?? "open") === "open").sort((a, b) => a.order - b.order);
  open.forEach((s, i) => openPos.set(s.id, i));
  for (const s of data.stages ?? []) kind.set(s.id, s.kind ?? "open");
  const nStages = open.length;
  const acc = () => ({ closed: 0, won: 0, closedAmt: 0, closedAmtN: 0, wonAmt: 0, wonAmtN: 0, cycles: [], created: 0, createdAmt: 0, trials: 0, convWon: 0 });
  const total = acc();
  const reached = new Array(nStages).fill(0);
  const byMonth = new Map();
  const byOwner = new Map();
  const get = (m, k) => m.get(k) ?? m.set(k, acc()).get(k);
  for (const d of data.deals) {
    const status = d.status ?? kind.get(d.stage) ?? "open";
    const created = toMs(d.createdAt);
    let closed = NaN;
    let maxOpen = -1;
    const h = d.history ?? [];
    let last = -1;
    for (let i = 0; i < h.length; i++) {
      const s = h[i].stage;
      if (s == null) continue;
      last = i;
      const p = openPos.get(s);
      if (p !== undefined && p > maxOpen) maxOpen = p;
    }
    const cur = openPos.get(d.stage);
    if (cur !== undefined && cur > maxOpen) maxOpen = cur;
    if (status !== "open") {
      if (last >= 0 && kind.get(h[last].stage) !== "open") {
        let first = last;
        for (let i = last - 1; i >= 0; i--) {
          if (h[i].stage == null) continue;
          if (h[i].stage !== h[last].stage) break;
          first = i;
        }
        closed = toMs(h[first].at);
      } else closed = toMs(d.closedAt);
    }
    let amount = typeof d.amount === "string" ? Number(d.amount) : d.amount ?? NaN;
    const cur$ = (d.currency ?? base).toUpperCase();
    if (cur$ !== base) amount = fx.has(cur$) ? amount * rateAt(fx.get(cur$), closed) : NaN;
    const owner = d.owner ?? null;
    if (status !== "open" && closed >= FROM && closed < TO) {
      const won = status === "won";
      for (const a of [total, get(byMonth, month(closed)), get(byOwner, owner)]) {
        a.closed++;
        if (won) a.won++;
        if (!Number.isNaN(amount)) {
          a.closedAmt += amount;
          a.closedAmtN++;
          if (won) (a.wonAmt += amount), a.wonAmtN++;
        }
        if (won && !Number.isNaN(created)) a.cycles.push((closed - created) / 86400000);
      }
    }
    if (created >= FROM && created < TO) {
      const won = status === "won";
      const trial = won || maxOpen >= 0;
      for (const a of [total, get(byMonth, month(created)), get(byOwner, owner)]) {
        a.created++;
        if (!Number.isNaN(amount)) a.createdAmt += amount;
        if (trial && nStages > 0) a.trials++, won && a.convWon++;
      }
      for (let k = 0; k < nStages; k++) if (won || maxOpen >= k) reached[k]++;
    }
  }
  const out = (a) => ({
    winRate: [a.won, a.closed],
    winRateByValue: [a.wonAmt, a.closedAmt, a.closedAmtN],
    averageDealSize: [a.wonAmt / a.wonAmtN || null, a.wonAmtN],
    salesCycle: [mean(a.cycles), median(a.cycles), a.cycles.length],
    pipelineCreated: [a.createdAmt, a.created],
    stageConversion: [a.convWon, a.trials],
  });
  return {
    total: { ...out(total), reached },
    month: Object.fromEntries([...byMonth].sort().map(([k, a]) => [k, out(a)])),
    owner: Object.fromEntries([...byOwner].sort().map(([k, a]) => [k, out(a)])),
  };
}

function month(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
function mean(v) {
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
}
export function median(v) {
  if (!v.length) return null;
  const s = Float64Array.from(v).sort();
  const r = 0.5 * (s.length - 1);
  const lo = Math.floor(r), hi = Math.ceil(r);
  return s[lo] + (s[hi] - s[lo]) * (r - lo);
}

// ---------------------------------------------------------------- spi-wasm report -> core set

/** The same numbers read from an spi-wasm report of `QUERY`. */
export function fromReport(report) {
  const pick = (list) => {
    const f = Object.fromEntries(list.map((x) => [x.id, x]));
    return {
      winRate: [f.win_rate.numerator ?? 0, f.win_rate.denominator ?? 0],
      winRateByValue: [f.win_rate_by_value.numerator ?? 0, f.win_rate_by_value.denominator ?? 0, f.win_rate_by_value.sampleSize],
      averageDealSize: [f.average_deal_size.value ?? null, f.average_deal_size.sampleSize],
      salesCycle: [f.sales_cycle_days.value ?? null, f.sales_cycle_days.stats.median ?? null, f.sales_cycle_days.sampleSize],
      pipelineCreated: [f.pipeline_created.value ?? 0, f.pipeline_created.sampleSize],
      stageConversion: [f.stage_conversion.numerator ?? 0, f.stage_conversion.denominator ?? 0],
    };
  };
  const byId = new Map(report.indicators.map((x) => [x.id, x]));
  const months = {};
  const series = report.indicators.map((x) => x.series);
  series[0].forEach((b, i) => {
    const list = report.indicators.map((x) => ({ id: x.id, ...x.series[i] }));
    if (list.some((x) => x.sampleSize > 0)) months[b.bucket] = pick(list);
  });
  const owner = {};
  for (const g of report.groups.owner) owner[g.group] = pick(g.indicators);
  const total = pick([...byId.values()]);
  total.reached = report.funnel.map((s) => s.reached);
  return { total, month: months, owner };
}

// ---------------------------------------------------------------- comparison

/** Differences between two core sets beyond `TOLERANCE` (relative), as readable lines. */
export function diff(a, b, path = "") {
  const out = [];
  if (Array.isArray(a) || (a && typeof a === "object")) {
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    for (const k of keys) out.push(...diff(a?.[k], b?.[k], `${path}.${k}`));
    return out;
  }
  const x = typeof a === "bigint" ? Number(a) : a;
  const y = typeof b === "bigint" ? Number(b) : b;
  if (x === y || (x == null && y == null)) return out;
  if (typeof x === "number" && typeof y === "number" && Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.abs(x), Math.abs(y))) return out;
  out.push(`${path}: ${a} vs ${b}`);
  return out;
}
