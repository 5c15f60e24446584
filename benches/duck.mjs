// (d) DuckDB-Wasm: the official @duckdb/duckdb-wasm package, fed through Arrow (its JSON extension
// downloads at run time, so offline `read_json` hangs), in Node. Loading and the SQL are
// benches/duck-sql.mjs, shared with the Chromium page (benches/duck-page.mjs).
import { createRequire } from "node:module";
import { load as loadWith, query } from "./duck-sql.mjs";

const require = createRequire(import.meta.url);
const arrow = require("apache-arrow");

/** Instantiates DuckDB-Wasm (blocking Node API, EH build) and opens a connection. */
export async function openDuckDb() {
  const duckdb = require("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = new URL("../node_modules/@duckdb/duckdb-wasm/dist/", import.meta.url).pathname;
  const bundles = {
    mvp: { mainModule: dist + "duckdb-mvp.wasm", mainWorker: dist + "duckdb-node-mvp.worker.cjs" },
    eh: { mainModule: dist + "duckdb-eh.wasm", mainWorker: dist + "duckdb-node-eh.worker.cjs" },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  return db.connect();
}

/** Parsed canonical JSON -> Arrow tables inserted into DuckDB (duck-sql.mjs, Node's Arrow). */
export function load(conn, data) {
  return loadWith(conn, data, arrow);
}

export { query };
