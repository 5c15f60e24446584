// The package as a new user gets it: `npm pack` of the built package, installed offline from the
// tarball into a fresh project in a temporary folder, next to copies of the fixture apps of
// tests/bundlers/ (so `spi-wasm` resolves to the installed tarball, never to this repository).
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { root } from "./helpers.mjs";

/** A fresh project with the packed package installed and tests/bundlers/* copied in; its path.
 * Removed after the test `t`'s suite ends. */
export function packedProject(t) {
  const dir = mkdtempSync(join(tmpdir(), "spi-packed-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: root, stdio: "ignore" });
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "spi-fixtures", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(dir, tarball)], { cwd: dir, stdio: "ignore" });
  cpSync(join(root, "tests/bundlers"), dir, { recursive: true });
  return dir;
}
