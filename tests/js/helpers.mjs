// Shared by the JS suites: the repository root, the fixtures, and the native `spi` CLI.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "tests/fixtures");

/** The native CLI (debug build, as `cargo test` leaves it; built here when missing). */
export function spiBinary() {
  const bin = process.env.SPI_BIN ?? join(root, "target/debug/spi");
  if (!existsSync(bin)) execFileSync("cargo", ["build", "--quiet", "--bin", "spi"], { cwd: root, stdio: "inherit" });
  return bin;
}

/** The native report of a data file under a query file (or the default query), parsed. */
export function nativeReport(dataPath, queryPath) {
  const args = ["report", "--data", dataPath, ...(queryPath ? ["--query", queryPath] : [])];
  return JSON.parse(execFileSync(spiBinary(), args, { cwd: root, maxBuffer: 1 << 30 }));
}

/**
 * Every dataset fixture (a .json file that is not a query) with its query: `<name>_query.json`,
 * else `cli_query.json`-style names sharing the prefix before `_`, else none (default query).
 */
export function datasetFixtures() {
  const files = readdirSync(fixtures).filter((f) => f.endsWith(".json")).sort();
  const isQuery = (f) => f.endsWith("_query.json");
  return files
    .filter((f) => !isQuery(f))
    .map((f) => {
      const name = f.slice(0, -".json".length);
      const candidates = [`${name}_query.json`, `${name.split("_")[0]}_query.json`];
      const query = candidates.find((q) => files.includes(q));
      return {
        name,
        dataPath: join(fixtures, f),
        queryPath: query ? join(fixtures, query) : null,
        text: readFileSync(join(fixtures, f), "utf8"),
        query: query ? JSON.parse(readFileSync(join(fixtures, query), "utf8")) : undefined,
      };
    });
}

/** Runs `f` and returns the error it throws (failing when it does not throw). */
export function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}
