// (d2) DuckDB-Wasm with its JSON reader built in: `@malloydata/duckdb-wasm` (DuckDB v0.9.2), the
// fastest DuckDB route measured (benches/bench-notes: ~0.65x JSON.parse at 1M deals). The official
// package (d) downloads its JSON extension at run time, so offline it can only be fed through Arrow.
//
// DuckDB's reader takes one array of records (`read_json(format='array')`); on the whole
// `{"deals": [...], ...}` object it runs out of its 4 GB (one giant row). So JS finds where the
// top-level values start and end (one byte scan, stopping once the wanted keys are found; its time
// is the `locate` phase, counted), registers the `deals` array's bytes as a file, and parses the
// three small values it needs (settings, fx, stages; a few hundred bytes) with JSON.parse. Dates
// (ISO date, date-time with Z or offset, epoch ms as number or string), amounts, status fallback,
// history flattening: all in SQL. The core set is then the same SQL as (d) (`query` in duck.mjs).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const STAGE_KINDS = { open: 0, won: 1, lost: 2 };

/** Instantiates the fork (blocking Node API, EH build when supported) and opens a connection. */
export async function openDuckDbJson() {
  const duckdb = require("@malloydata/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = new URL("../node_modules/@malloydata/duckdb-wasm/dist/", import.meta.url).pathname;
  const bundles = {
    mvp: { mainModule: dist + "duckdb-mvp.wasm", mainWorker: dist + "duckdb-node-mvp.worker.cjs" },
    eh: { mainModule: dist + "duckdb-eh.wasm", mainWorker: dist + "duckdb-node-eh.worker.cjs" },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  return { db, conn: db.connect() };
}

/**
 * Byte ranges `[start, end)` of the wanted values of the top-level JSON object, by key. Scans
 * bytes (strings skipped with their escapes) and stops as soon as every wanted key was found.
 */
export function topLevelValues(bytes, wanted) {
  const found = {};
  let left = wanted.length;
  let i = skipSpace(bytes, bytes[0] === 0xef ? 3 : 0); // UTF-8 BOM
  if (bytes[i] !== 0x7b) throw new Error("expected a JSON object at the top level");
  i = skipSpace(bytes, i + 1);
  const decoder = new TextDecoder();
  while (left > 0 && bytes[i] === 0x22) {
    const keyEnd = skipValue(bytes, i);
    const key = JSON.parse(decoder.decode(bytes.subarray(i, keyEnd)));
    i = skipSpace(bytes, keyEnd);
    if (bytes[i] !== 0x3a) throw new Error(`expected ':' after key ${key}`);
    const start = skipSpace(bytes, i + 1);
    const end = skipValue(bytes, start);
    if (wanted.includes(key) && !(key in found)) (found[key] = [start, end]), left--;
    i = skipSpace(bytes, end);
    if (bytes[i] === 0x2c) i = skipSpace(bytes, i + 1);
  }
  return found;
}

function skipSpace(b, i) {
  while (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09) i++;
  return i;
}

/** Index one past the JSON value starting at `i` (string, array, object or scalar). */
function skipValue(b, i) {
  const n = b.length;
  const first = b[i];
  if (first !== 0x22 && first !== 0x5b && first !== 0x7b) {
    // number, true, false, null: up to the next separator
    while (i < n && b[i] !== 0x2c && b[i] !== 0x7d && b[i] !== 0x5d && b[i] > 0x20) i++;
    return i;
  }
  let depth = 0;
  while (i < n) {
    const c = b[i++];
    if (c === 0x22) {
      let d;
      while (i < n && (d = b[i++]) !== 0x22) if (d === 0x5c) i++;
      if (depth === 0) return i;
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      if (--depth === 0) return i;
    }
  }
  return i;
}

/** SQL string literal. */
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
/** SQL double literal (NULL for a missing or non-finite value). */
const num = (x) => (typeof x === "number" && Number.isFinite(x) ? String(x) : "NULL");

/**
 * Loads the core set's inputs from the canonical JSON bytes into `deals`, `hist`, `stages`, `fx`
 * (the tables `query` in duck.mjs reads). Returns the `meta` that `query` takes, and the phase
 * times (`locate`, `read_json + tables`).
 */
export function load(db, conn, bytes) {
  const t0 = performance.now();
  const at = topLevelValues(bytes, ["settings", "fx", "stages", "deals"]);
  const t1 = performance.now();
  const small = (key) => (at[key] ? JSON.parse(new TextDecoder().decode(bytes.subarray(...at[key]))) : null);
  const settings = small("settings") ?? {};
  const fx = small("fx") ?? {};
  const declared = small("stages") ?? [];
  const base = String(settings.currency ?? "USD").toUpperCase();

  // Declared stages: kind, and rank among open stages by `order` (as the core and (d) do).
  const open = declared.filter((s) => (s.kind ?? "open") === "open").sort((a, b) => a.order - b.order);
  const pos = new Map(open.map((s, k) => [s.id, k]));
  const stageRows = declared.map((s) => `(${lit(s.id)}, ${STAGE_KINDS[s.kind ?? "open"] ?? 3}, ${lit(s.kind ?? "open")}, ${pos.get(s.id) ?? -1})`);
  const fxRows = [];
  for (const [code, r] of Object.entries(fx)) {
    // A fixed rate is a number or a numeric string (benches/gen-alt.mjs writes one of each).
    const list = !Array.isArray(r) ? [[null, Number(r)]] : r.map((x) => [x.from, Number(x.rate)]);
    for (const [from, rate] of list) fxRows.push(`(${lit(code.toUpperCase())}, ${from == null ? "-1e300" : `ms(${lit(from)})`}, ${num(rate)})`);
  }

  for (const name of ["raw", "deals", "hist", "stages", "fx"]) conn.query(`DROP TABLE IF EXISTS ${name}`);
  // Epoch ms of a canonical date value read as text: a number (or numeric string) is epoch ms,
  // else an ISO date (UTC midnight) or date-time (Z or offset, converted to UTC).
  conn.query(`CREATE OR REPLACE MACRO ms(v) AS coalesce(TRY_CAST(v AS DOUBLE), epoch_ms(TRY_CAST(v AS TIMESTAMP))::DOUBLE)`);
  conn.query(`CREATE TABLE stages (id VARCHAR, kind INTEGER, kind_name VARCHAR, pos INTEGER)`);
  if (stageRows.length) conn.query(`INSERT INTO stages VALUES ${stageRows.join(", ")}`);
  conn.query(`CREATE TABLE fx (cur VARCHAR, from_ms DOUBLE, rate DOUBLE)`);
  if (fxRows.length) conn.query(`INSERT INTO fx VALUES ${fxRows.join(", ")}`);

  db.dropFile("deals.json");
  db.registerFileBuffer("deals.json", at.deals ? bytes.subarray(...at.deals) : new TextEncoder().encode("[]"));
  // Only the fields the core set reads; every value as text, converted below (dates and amounts
  // come as numbers or strings).
  conn.query(`CREATE TABLE raw AS SELECT * FROM read_json('deals.json', format='array', columns={
      owner: 'VARCHAR', status: 'VARCHAR', stage: 'VARCHAR', createdAt: 'VARCHAR', closedAt: 'VARCHAR',
      amount: 'VARCHAR', currency: 'VARCHAR', history: 'STRUCT("at" VARCHAR, stage VARCHAR)[]'})`);
  // Status: `status`, else the kind of its stage, else open (as the core and plain JS read it).
  conn.query(`CREATE TABLE deals AS SELECT r.rowid AS i, r.owner,
      CASE coalesce(r.status, s.kind_name, 'open') WHEN 'open' THEN 0 WHEN 'won' THEN 1 WHEN 'lost' THEN 2 ELSE 3 END AS status,
      r.stage, ms(r.createdAt) AS created, ms(r.closedAt) AS closed_at, TRY_CAST(r.amount AS DOUBLE) AS amount,
      coalesce(upper(r.currency), ${lit(base)}) AS currency
    FROM raw r LEFT JOIN stages s ON s.id = r.stage`);
  conn.query(`CREATE TABLE hist AS SELECT deal, seq, ms(h."at") AS at, h.stage AS stage
    FROM (SELECT rowid AS deal, unnest(range(coalesce(len(history), 0))) AS seq, unnest(history) AS h FROM raw)
    WHERE h.stage IS NOT NULL`);
  conn.query(`DROP TABLE raw`);
  const t2 = performance.now();
  return {
    meta: { ownerName: (k) => k ?? null, nStages: open.length, baseCode: lit(base) },
    phases: { locate: t1 - t0, "read_json + tables": t2 - t1 },
  };
}
