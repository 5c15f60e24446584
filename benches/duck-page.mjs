// (d) DuckDB-Wasm (the official package) in the Chromium page: its blocking browser build on the
// page's thread (the same API as Node's blocking build, so benches/duck-sql.mjs runs unchanged),
// the EH module served by the bench's local server from node_modules (no network). run.mjs
// bundles this file with apache-arrow into target/bench-duck/duck-page.js (esbuild): the
// package's browser builds import `apache-arrow` by bare name, and its exports map leaves the
// blocking browser build out (so it is imported by path).
import * as duckdb from "../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs";
import * as arrow from "apache-arrow";
import { load as loadWith, query } from "./duck-sql.mjs";

const DIST = "/node_modules/@duckdb/duckdb-wasm/dist/";

/** Instantiates DuckDB-Wasm on the page's thread and opens a connection. */
export async function openDuckDb() {
  const bundles = {
    mvp: { mainModule: DIST + "duckdb-mvp.wasm", mainWorker: DIST + "duckdb-browser-mvp.worker.js" },
    eh: { mainModule: DIST + "duckdb-eh.wasm", mainWorker: DIST + "duckdb-browser-eh.worker.js" },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.BROWSER_RUNTIME);
  await db.instantiate();
  return db.connect();
}

export const load = (conn, data) => loadWith(conn, data, arrow);
export { query };
