// The DuckDB side of (d), shared by Node (benches/duck.mjs) and Chromium (benches/duck-page.mjs):
// JS turns the parsed JSON into typed columns (dates to epoch ms, low-cardinality strings
// dictionary-encoded) in Arrow tables; SQL does the rest: close time from history, highest stage
// reached, fx conversion (ASOF join on dated rates), aggregation by month and owner, medians.
// `conn` is a blocking connection (`query` returns an Arrow table, `insertArrowTable`).
import { FROM, TO, toMs } from "./core.mjs";

class Dict {
  constructor() {
    this.map = new Map();
    this.names = [];
  }
  code(s) {
    if (s == null) return -1;
    let c = this.map.get(s);
    if (c === undefined) this.map.set(s, (c = this.names.length)), this.names.push(s);
    return c;
  }
}

/**
 * Parsed canonical JSON -> Arrow tables inserted into DuckDB. `arrow`: the apache-arrow module
 * (Node's require, or the page's bundle: the tables must be built by the Arrow DuckDB reads).
 */
export function load(conn, data, arrow) {
  const deals = data.deals;
  const n = deals.length;
  const owners = new Dict(), stages = new Dict(), currencies = new Dict(), statuses = new Dict();
  const base = (data.settings?.currency ?? "USD").toUpperCase();
  currencies.code(base);
  ["open", "won", "lost"].forEach((s) => statuses.code(s));
  const col = { i: new Int32Array(n), owner: new Int32Array(n), status: new Int32Array(n), stage: new Int32Array(n), created: new Float64Array(n), closed_at: new Float64Array(n), amount: new Float64Array(n), currency: new Int32Array(n) };
  const hDeal = [], hSeq = [], hAt = [], hStage = [];
  const kindOfStage = new Map((data.stages ?? []).map((s) => [s.id, s.kind ?? "open"]));
  for (let i = 0; i < n; i++) {
    const d = deals[i];
    col.i[i] = i;
    col.owner[i] = owners.code(d.owner);
    // Status, else the kind of its stage (benches/gen-alt.mjs writes no status), as core.mjs reads it.
    col.status[i] = statuses.code(d.status ?? kindOfStage.get(d.stage) ?? "open");
    col.stage[i] = stages.code(d.stage);
    col.created[i] = toMs(d.createdAt);
    col.closed_at[i] = toMs(d.closedAt);
    col.amount[i] = typeof d.amount === "string" ? Number(d.amount) : d.amount ?? NaN;
    col.currency[i] = currencies.code((d.currency ?? base).toUpperCase());
    const h = d.history ?? [];
    for (let j = 0; j < h.length; j++) {
      if (h[j].stage == null) continue;
      hDeal.push(i), hSeq.push(j), hAt.push(toMs(h[j].at)), hStage.push(stages.code(h[j].stage));
    }
  }
  const declared = data.stages ?? [];
  const open = declared.filter((s) => (s.kind ?? "open") === "open").sort((a, b) => a.order - b.order);
  for (const s of declared) stages.code(s.id);
  const kindOf = new Map(declared.map((s) => [s.id, s.kind ?? "open"]));
  const posOf = new Map(open.map((s, k) => [s.id, k]));
  const fxCur = [], fxFrom = [], fxRate = [];
  for (const [code, r] of Object.entries(data.fx ?? {})) {
    // A fixed rate is a number or a numeric string (benches/gen-alt.mjs writes one of each).
    const list = !Array.isArray(r) ? [[-1e300, Number(r)]] : r.map((x) => [toMs(x.from), Number(x.rate)]);
    for (const [from, rate] of list) fxCur.push(currencies.code(code.toUpperCase())), fxFrom.push(from), fxRate.push(rate);
  }
  const tables = {
    deals: arrow.makeTable({
      i: col.i, owner: col.owner, status: col.status, stage: col.stage, currency: col.currency,
      created: arrow.vectorFromArray(Array.from(col.created, (x) => (Number.isNaN(x) ? null : x)), new arrow.Float64()),
      closed_at: arrow.vectorFromArray(Array.from(col.closed_at, (x) => (Number.isNaN(x) ? null : x)), new arrow.Float64()),
      amount: arrow.vectorFromArray(Array.from(col.amount, (x) => (Number.isNaN(x) ? null : x)), new arrow.Float64()),
    }),
    hist: arrow.makeTable({ deal: Int32Array.from(hDeal), seq: Int32Array.from(hSeq), at: Float64Array.from(hAt), stage: Int32Array.from(hStage) }),
    stages: arrow.tableFromArrays({
      id: Int32Array.from(stages.names.keys()),
      kind: Int32Array.from(stages.names, (s) => ({ open: 0, won: 1, lost: 2 })[kindOf.get(s) ?? "open"]),
      pos: Int32Array.from(stages.names, (s) => posOf.get(s) ?? -1),
    }),
    fx: arrow.tableFromArrays({ cur: Int32Array.from(fxCur), from_ms: Float64Array.from(fxFrom), rate: Float64Array.from(fxRate) }),
  };
  for (const name of Object.keys(tables)) conn.query(`DROP TABLE IF EXISTS ${name}`);
  for (const [name, t] of Object.entries(tables)) conn.insertArrowTable(t, { name, create: true });
  return { ownerName: (k) => (k < 0 ? null : owners.names[k]), nStages: open.length, baseCode: 0 };
}

/**
 * The core set in SQL over the loaded tables: `deals(i, owner, status 0 open / 1 won / 2+ lost,
 * stage, created, closed_at, amount, currency)`, `hist(deal, seq, at, stage)`, `stages(id, kind 0 open
 * / 1 won / 2 lost, pos: rank among open stages or -1)`, `fx(cur, from_ms, rate)`; times in epoch ms.
 * Shared by (d) and (d2). `meta`: `nStages` (open stages), `baseCode` (the base currency as an SQL
 * literal of the `currency` column's type), `ownerName` (owner column value -> owner name or null).
 */
export function query(conn, meta) {
  const n = meta.nStages;
  conn.query(`CREATE OR REPLACE TEMP TABLE y AS
    WITH last AS (SELECT deal, arg_max(stage, seq) AS last_stage FROM hist GROUP BY deal),
    brk AS (SELECT h.deal, max(h.seq) AS brk FROM hist h JOIN last l ON l.deal = h.deal WHERE h.stage <> l.last_stage GROUP BY h.deal),
    closeh AS (SELECT l.deal, any_value(l.last_stage) AS last_stage, min(h.at) AS at FROM last l LEFT JOIN brk b ON b.deal = l.deal
               JOIN hist h ON h.deal = l.deal AND h.seq > coalesce(b.brk, -1) GROUP BY l.deal),
    maxopen AS (SELECT h.deal, max(s.pos) AS mo FROM hist h JOIN stages s ON s.id = h.stage GROUP BY h.deal),
    x AS (SELECT d.i, d.owner, d.status, d.created, d.amount, d.currency,
            CASE WHEN d.status = 0 THEN NULL WHEN c.at IS NOT NULL AND sk.kind <> 0 THEN c.at ELSE d.closed_at END AS closed,
            greatest(coalesce(mo.mo, -1), coalesce(cs.pos, -1)) AS max_open
          FROM deals d LEFT JOIN closeh c ON c.deal = d.i LEFT JOIN stages sk ON sk.id = c.last_stage
          LEFT JOIN maxopen mo ON mo.deal = d.i LEFT JOIN stages cs ON cs.id = d.stage),
    firstrate AS (SELECT cur, arg_min(rate, from_ms) AS rate FROM fx GROUP BY cur)
    SELECT x.*, CASE WHEN x.currency = ${meta.baseCode} THEN x.amount ELSE x.amount * coalesce(f.rate, fr.rate) END AS amt
    FROM x ASOF LEFT JOIN fx f ON x.currency = f.cur AND coalesce(x.closed, 1e300) >= f.from_ms
    LEFT JOIN firstrate fr ON fr.cur = x.currency`);
  // count(*) FILTER, not count_if: DuckDB 0.9 (the fork) types count_if as HUGEINT, which Arrow hands
  // to JS as raw 128-bit words.
  const closedAgg = (key) => rows(conn, `SELECT ${key} AS k, count(*) AS closed, count(*) FILTER (status = 1) AS won,
      coalesce(sum(amt), 0) AS closed_amt, count(amt) AS closed_amt_n,
      coalesce(sum(amt) FILTER (status = 1), 0) AS won_amt, count(amt) FILTER (status = 1) AS won_amt_n,
      avg((closed - created) / 86400000) FILTER (status = 1 AND created IS NOT NULL) AS cycle_mean,
      quantile_cont((closed - created) / 86400000, 0.5) FILTER (status = 1 AND created IS NOT NULL) AS cycle_median,
      count(created) FILTER (status = 1) AS cycle_n
    FROM y WHERE status <> 0 AND closed >= ${FROM} AND closed < ${TO} GROUP BY ALL`);
  const createdAgg = (key) => rows(conn, `SELECT ${key} AS k, count(*) AS created, coalesce(sum(amt), 0) AS created_amt,
      count(*) FILTER (${n} > 0 AND (status = 1 OR max_open >= 0)) AS trials, count(*) FILTER (${n} > 0 AND status = 1) AS conv_won
      ${Array.from({ length: n }, (_, k) => `, count(*) FILTER (status = 1 OR max_open >= ${k}) AS r${k}`).join("")}
    FROM y WHERE created >= ${FROM} AND created < ${TO} GROUP BY ALL`);
  const month = (c) => `strftime(epoch_ms(${c}::BIGINT), '%Y-%m')`;
  const shape = (closed, created, name) => {
    const out = {};
    const empty = { closed: 0, won: 0, closed_amt: 0, closed_amt_n: 0, won_amt: 0, won_amt_n: 0, cycle_mean: null, cycle_median: null, cycle_n: 0, created: 0, created_amt: 0, trials: 0, conv_won: 0 };
    const all = new Map();
    for (const r of closed) all.set(name(r.k), { ...empty, ...r });
    for (const r of created) all.set(name(r.k), { ...(all.get(name(r.k)) ?? empty), ...r });
    for (const [k, a] of [...all].sort((p, q) => (p[0] < q[0] ? -1 : 1))) {
      const num = (v) => (v == null ? null : Number(v));
      out[k] = {
        winRate: [num(a.won), num(a.closed)],
        winRateByValue: [num(a.won_amt), num(a.closed_amt), num(a.closed_amt_n)],
        averageDealSize: [Number(a.won_amt_n) ? num(a.won_amt) / Number(a.won_amt_n) : null, num(a.won_amt_n)],
        salesCycle: [num(a.cycle_mean), num(a.cycle_median), num(a.cycle_n)],
        pipelineCreated: [num(a.created_amt), num(a.created)],
        stageConversion: [num(a.conv_won), num(a.trials)],
        reached: Array.from({ length: n }, (_, k) => num(a[`r${k}`] ?? 0)),
      };
    }
    return out;
  };
  const total = shape(closedAgg("'all'"), createdAgg("'all'"), (k) => k).all;
  const byMonth = shape(closedAgg(month("closed")), createdAgg(month("created")), (k) => k);
  const byOwner = shape(closedAgg("owner"), createdAgg("owner"), meta.ownerName);
  for (const g of [...Object.values(byMonth), ...Object.values(byOwner)]) delete g.reached;
  return { total, month: byMonth, owner: byOwner };
}

function rows(conn, sql) {
  return conn.query(sql).toArray().map((r) => r.toJSON());
}
